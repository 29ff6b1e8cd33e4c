"""Regenerate the sample podcast's media in content/podcast/ (committed files).

    python docs/make_sample_podcast.py

Each episode is a short spoken clip: espeak-ng (Debian package ``espeak-ng``)
speaks the text into a WAV file and LAME (package ``lame``) encodes it as a
small mono MP3, the format every podcast app and directory takes. The show's
artwork is a 1400x1400 RGB PNG drawn with Pillow. Transcripts (WebVTT) and
chapters (Podcasting 2.0 JSON chapters) are written beside each clip.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import wave
from pathlib import Path

from PIL import Image, ImageDraw

FOLDER = Path(__file__).resolve().parents[1] / "content" / "podcast"

EPISODES = {
    "morning-briefing": [
        "Good morning. This is the Example Wire briefing.",
        "Today: a spacewalk outside the space station, and talks in Vladivostok.",
    ],
    "evening-wrap": [
        "Good evening. This is the Example Wire evening wrap.",
        "A rocket test in Florida, and the day's diplomacy in brief.",
    ],
}


def _clock(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"00:{int(minutes):02d}:{rest:06.3f}"


def speak(name: str, lines: list[str]) -> None:
    """``name``.mp3 from ``lines``, plus ``name``.vtt and ``name``-chapters.json."""
    cues: list[tuple[float, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        parts = []
        start = 0.0
        for number, line in enumerate(lines):
            part = Path(tmp, f"{number}.wav")
            subprocess.run(["espeak-ng", "-v", "en-us", "-s", "165", "-w", str(part), line],
                           check=True)
            with wave.open(str(part), "rb") as w:
                length = w.getnframes() / w.getframerate()
                params, frames = w.getparams(), w.readframes(w.getnframes())
            parts.append((params, frames))
            cues.append((start, start + length, line))
            start += length
        whole = Path(tmp, "whole.wav")
        with wave.open(str(whole), "wb") as out:
            out.setparams(parts[0][0])
            for _, frames in parts:
                out.writeframes(frames)
        subprocess.run(["lame", "--quiet", "-m", "m", "-b", "32", "--resample", "22.05",
                        "--tt", name, str(whole), str(FOLDER / f"{name}.mp3")], check=True)
    vtt = ["WEBVTT", ""]
    for begin, end, text in cues:
        vtt += [f"{_clock(begin)} --> {_clock(end)}", text, ""]
    (FOLDER / f"{name}.vtt").write_text("\n".join(vtt), "utf-8")
    chapters = {"version": "1.2.0",
                "chapters": [{"startTime": round(begin, 1), "title": text.split(".")[0]}
                             for begin, _, text in cues]}
    (FOLDER / f"{name}-chapters.json").write_text(json.dumps(chapters, indent=2) + "\n",
                                                  "utf-8")


def artwork() -> None:
    """artwork.png: 1400x1400 RGB, few colours, so the file stays small."""
    image = Image.new("RGB", (1400, 1400), (20, 40, 80))
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 100, 1300, 1300), outline=(240, 240, 240), width=40)
    for number, height in enumerate((300, 600, 900, 500, 750, 350, 650)):
        x = 250 + number * 135
        draw.rectangle((x, 700 - height // 2, x + 80, 700 + height // 2), fill=(230, 90, 40))
    image.save(FOLDER / "artwork.png", optimize=True)


if __name__ == "__main__":
    FOLDER.mkdir(parents=True, exist_ok=True)
    for episode, text in EPISODES.items():
        speak(episode, text)
    artwork()
