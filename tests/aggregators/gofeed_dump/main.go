// gofeed_dump reads one feed file with gofeed and prints what it found as
// JSON: the feed's iTunes artwork and explicit flag, and per item its title,
// enclosures and iTunes duration. Used by tests/aggregators/test_gofeed.py.
package main

import (
	"encoding/json"
	"os"

	"github.com/mmcdole/gofeed"
)

type enclosure struct {
	URL    string `json:"url"`
	Length string `json:"length"`
	Type   string `json:"type"`
}

type item struct {
	Title      string      `json:"title"`
	GUID       string      `json:"guid"`
	Enclosures []enclosure `json:"enclosures"`
	Duration   string      `json:"duration"`
}

type feed struct {
	Type     string `json:"type"`
	Image    string `json:"image"`
	Explicit string `json:"explicit"`
	Items    []item `json:"items"`
}

func main() {
	file, err := os.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	defer file.Close()
	parsed, err := gofeed.NewParser().Parse(file)
	if err != nil {
		panic(err)
	}
	out := feed{Type: parsed.FeedType, Items: []item{}}
	if parsed.ITunesExt != nil {
		out.Image, out.Explicit = parsed.ITunesExt.Image, parsed.ITunesExt.Explicit
	}
	for _, it := range parsed.Items {
		got := item{Title: it.Title, GUID: it.GUID, Enclosures: []enclosure{}}
		for _, e := range it.Enclosures {
			got.Enclosures = append(got.Enclosures, enclosure{e.URL, e.Length, e.Type})
		}
		if it.ITunesExt != nil {
			got.Duration = it.ITunesExt.Duration
		}
		out.Items = append(out.Items, got)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
