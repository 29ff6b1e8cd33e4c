"""HTML constructs as WordPress, Ghost, Medium, Substack and Drupal exports
write them, each with what a feed reader must show after newswire.

The markup follows the shape each system produces (class names, lazy-loading
attributes, wrappers), with text and URLs of our own. Relative URLs resolve
against the site root (the articles sit in ``content/``), so ``/wp/a.jpg``
is published as ``https://news.example.org/wp/a.jpg``.

Each :class:`Construct` says what must be there (XPath expressions on the
parsed fragment, link targets and texts, visible text) and what must not
(placeholders); every fragment is also held to the invariants in
``test_cms_html.py`` (no empty or placeholder image, no empty link or
figure, nothing a reader cannot show).
"""

from __future__ import annotations

from dataclasses import dataclass

BASE = "https://news.example.org/"
PIXEL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
SVG_PIXEL = "data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%20viewBox='0%200%201024%20683'%3E%3C/svg%3E"


@dataclass(frozen=True)
class Construct:
    """One construct of one system.

    Attributes:
        name: short id, used as the article's file name.
        system: the CMS that writes it this way.
        html: the markup, one line per element, no blank lines.
        must: XPath expressions, each matching at least one node of the
            sanitized fragment (wrapped in a ``div``).
        links: (href, visible text) pairs that must be links in it.
        text: strings its visible text must contain.
        gone: strings its markup must not contain (placeholders, junk).
    """

    name: str
    system: str
    html: str
    must: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    text: tuple[str, ...] = ()
    gone: tuple[str, ...] = ()


CONSTRUCTS = (
    # --- WordPress -------------------------------------------------------------
    Construct(
        "wp-lazy-data-src", "WordPress (lazysizes, a3 Lazy Load)",
        f'<p><img class="lazyload wp-image-41" src="{PIXEL}" '
        'data-src="/wp-content/uploads/2024/03/pier.jpg" alt="The old pier at dawn" '
        'width="1024" height="683"></p>',
        must=(f'//img[@src="{BASE}wp-content/uploads/2024/03/pier.jpg"]'
              '[@alt="The old pier at dawn"][@width="1024"]',),
        gone=("data:", "data-src", "lazyload")),
    Construct(
        "wp-rocket-lazy-src", "WordPress (WP Rocket)",
        f'<figure class="wp-block-image size-large"><img src="{SVG_PIXEL}" '
        'data-lazy-src="https://cdn.example.net/uploads/ferry.jpg" '
        'data-lazy-srcset="https://cdn.example.net/uploads/ferry-300x200.jpg 300w, '
        'https://cdn.example.net/uploads/ferry-1024x683.jpg 1024w" '
        'data-lazy-sizes="(max-width: 1024px) 100vw, 1024px" alt="Ferry leaving">'
        '<figcaption class="wp-element-caption">The 7:40 ferry.</figcaption></figure>',
        must=('//figure/img[@src="https://cdn.example.net/uploads/ferry.jpg"]',
              '//img[contains(@srcset, "https://cdn.example.net/uploads/ferry-1024x683.jpg 1024w")]',
              '//figure/figcaption[.="The 7:40 ferry."]'),
        gone=("data:", "data-lazy")),
    Construct(
        "wp-noscript-fallback", "WordPress (lazy plugin with <noscript>)",
        '<p><img class="lazy" src="/wp-content/plugins/lazy/blank.gif" width="800" height="533">'
        '<noscript><img src="/wp-content/uploads/crowd.jpg" alt="Crowd on the quay" '
        'width="800" height="533"></noscript></p>',
        must=(f'//img[@src="{BASE}wp-content/uploads/crowd.jpg"][@alt="Crowd on the quay"]',),
        gone=("blank.gif",)),
    Construct(
        "wp-srcset", "WordPress (responsive image)",
        '<p><img src="/wp-content/uploads/map-1024x576.png" alt="Route map" '
        'srcset="/wp-content/uploads/map-300x169.png 300w, /wp-content/uploads/map-1024x576.png 1024w, '
        '/wp-content/uploads/map.png 1600w" sizes="(max-width: 1024px) 100vw, 1024px"></p>',
        must=(f'//img[@src="{BASE}wp-content/uploads/map-1024x576.png"]',
              f'//img[contains(@srcset, "{BASE}wp-content/uploads/map.png 1600w")]')),
    Construct(
        "wp-classic-caption", "WordPress (classic editor [caption])",
        '<div id="attachment_88" style="width: 610px" class="wp-caption aligncenter">'
        '<img aria-describedby="caption-attachment-88" class="size-full wp-image-88" '
        'src="/wp-content/uploads/mayor.jpg" alt="The mayor" width="600" height="400">'
        '<p id="caption-attachment-88" class="wp-caption-text">The mayor at the opening.</p></div>',
        must=(f'//img[@src="{BASE}wp-content/uploads/mayor.jpg"]',),
        text=("The mayor at the opening.",),
        gone=("style=",)),
    Construct(
        "wp-caption-shortcode", "WordPress (export file: [caption] shortcode)",
        '[caption id="attachment_12" align="alignright" width="300"]<a href="/wp-content/uploads/'
        'ferry-big.jpg"><img class="size-medium wp-image-12" src="/wp-content/uploads/ferry.jpg" '
        'alt="Ferry" width="300" height="200"></a> The ferry at the pier, <em>2019</em>.[/caption]',
        must=(f'//figure/a[@href="{BASE}wp-content/uploads/ferry-big.jpg"]'
              f'/img[@src="{BASE}wp-content/uploads/ferry.jpg"][@alt="Ferry"]',
              '//figure/figcaption[.="The ferry at the pier, 2019."]/em[.="2019"]'),
        gone=("[caption", "[/caption]", "attachment_12")),
    Construct(
        "wp-caption-shortcode-in-text", "WordPress (export file: [caption] inside a paragraph)",
        '<p>Before [caption width="200"]<img src="/wp-content/uploads/bridge.jpg" alt="Bridge"> '
        'The bridge[/caption] after.</p>',
        must=('//p[.="Before "]', '//figure[img[@alt="Bridge"]]/figcaption[.="The bridge"]',
              '//p[.=" after."]'),
        gone=("[caption", "[/caption]")),
    Construct(
        "wp-youtube-embed", "WordPress (YouTube embed block)",
        '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube">'
        '<div class="wp-block-embed__wrapper">'
        '<iframe title="Harbour cleanup, day one" width="640" height="360" '
        'src="https://www.youtube.com/embed/Xc0Lb5dTq1w?feature=oembed" frameborder="0" '
        'allow="accelerometer; autoplay" allowfullscreen></iframe>'
        '</div></figure>',
        links=(("https://www.youtube.com/watch?v=Xc0Lb5dTq1w", "Harbour cleanup, day one"),)),
    Construct(
        "wp-tweet-embed", "WordPress (Twitter embed block)",
        '<figure class="wp-block-embed is-type-rich is-provider-twitter"><div class="wp-block-embed__wrapper">'
        '<blockquote class="twitter-tweet" data-width="550"><p lang="en" dir="ltr">Boats are back '
        'in the harbour this morning.</p>&mdash; Port Desk (@portdesk) '
        '<a href="https://twitter.com/portdesk/status/1700000000000000001">March 3, 2024</a></blockquote>'
        '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
        '</div></figure>',
        must=('//blockquote/p[@lang="en"][@dir="ltr"]',),
        links=(("https://twitter.com/portdesk/status/1700000000000000001", "March 3, 2024"),),
        text=("Boats are back in the harbour this morning.",),
        gone=("<script", "widgets.js")),
    Construct(
        "wp-table-alignment", "WordPress (table block)",
        '<figure class="wp-block-table"><table><thead><tr><th>Route</th>'
        '<th class="has-text-align-right" data-align="right">Trips</th></tr></thead>'
        '<tbody><tr><td>North</td><td class="has-text-align-right" data-align="right">14</td></tr></tbody>'
        '</table><figcaption class="wp-element-caption">Trips per day</figcaption></figure>',
        must=('//th[@align="right"][.="Trips"]', '//td[@align="right"][.="14"]',
              '//figure/figcaption[.="Trips per day"]')),
    Construct(
        "wp-gallery", "WordPress (gallery block)",
        '<figure class="wp-block-gallery has-nested-images columns-2">'
        '<figure class="wp-block-image size-large"><img data-id="51" src="/wp-content/uploads/a.jpg" alt="Nets"></figure>'
        '<figure class="wp-block-image size-large"><img data-id="52" src="/wp-content/uploads/b.jpg" alt="Ropes"></figure>'
        '<figcaption class="blocks-gallery-caption wp-element-caption">Gear on the quay</figcaption></figure>',
        must=(f'//img[@src="{BASE}wp-content/uploads/a.jpg"][@alt="Nets"]',
              f'//img[@src="{BASE}wp-content/uploads/b.jpg"][@alt="Ropes"]',
              '//figcaption[.="Gear on the quay"]'),
        gone=("data-id",)),
    Construct(
        "wp-block-comments", "WordPress (block editor comments)",
        '<div class="entry-content"><!-- wp:paragraph --><p>Tide tables are out.</p>'
        '<!-- /wp:paragraph --></div>',
        text=("Tide tables are out.",), gone=("wp:paragraph", "<!--")),
    Construct(
        "wp-pullquote", "WordPress (pullquote block)",
        '<figure class="wp-block-pullquote"><blockquote><p>We never stopped fishing.</p>'
        '<cite>A skipper</cite></blockquote></figure>',
        must=('//blockquote/p[.="We never stopped fishing."]', '//blockquote/cite[.="A skipper"]')),
    Construct(
        "wp-file-block", "WordPress (file block)",
        '<div class="wp-block-file"><a id="wp-block-file--media-1" href="/wp-content/uploads/report.pdf">'
        'Harbour report</a><a href="/wp-content/uploads/report.pdf" class="wp-block-file__button" '
        'download aria-describedby="wp-block-file--media-1">Download</a></div>',
        links=((f"{BASE}wp-content/uploads/report.pdf", "Harbour report"),
               (f"{BASE}wp-content/uploads/report.pdf", "Download"))),
    Construct(
        "wp-audio-block", "WordPress (audio block)",
        '<figure class="wp-block-audio"><audio controls src="/wp-content/uploads/interview.mp3"></audio>'
        '<figcaption class="wp-element-caption">The harbour master, in full.</figcaption></figure>',
        links=((f"{BASE}wp-content/uploads/interview.mp3", "interview.mp3"),),
        text=("The harbour master, in full.",)),
    Construct(
        "wp-emoji-image", "WordPress (emoji replaced by an SVG picture)",
        '<p>Good catch <img draggable="false" role="img" class="emoji" alt="🎣" '
        'src="https://s.w.org/images/core/emoji/15.0.3/svg/1f3a3.svg"></p>',
        # without WordPress's inline style (height: 1em) readers show the
        # picture at full width: the emoji itself is what the writer meant
        text=("Good catch 🎣",), gone=("<img", "s.w.org")),
    Construct(
        "wp-embed-shortcode", "WordPress (export file: [embed] shortcode)",
        '<p>Watch the launch:</p>\n[embed]https://www.youtube.com/watch?v=dQw4w9WgXcQ[/embed]',
        links=(("https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),),
        gone=("[embed", "[/embed]")),
    Construct(
        "wp-url-alone-oembed", "WordPress (export file: a URL alone in its paragraph, auto-embedded)",
        '<p>Watch the launch:</p><p>https://vimeo.com/76979871</p>',
        must=('//p/a[@href="https://vimeo.com/76979871"][.="https://vimeo.com/76979871"]',)),
    Construct(
        "wp-staticized-emoji", "WordPress (feed or export: emoji as pictures from s.w.org)",
        '<p>The ferry is back <img draggable="false" role="img" class="emoji" alt="🎉" '
        'src="https://s.w.org/images/core/emoji/15.0.3/72x72/1f389.png"> at last.</p>',
        text=("The ferry is back 🎉 at last.",), gone=("<img", "s.w.org")),
    # --- Ghost -----------------------------------------------------------------
    Construct(
        "ghost-image-card", "Ghost (image card)",
        '<figure class="kg-card kg-image-card kg-card-hascaption">'
        '<img src="/content/images/2024/05/lighthouse.jpg" class="kg-image" alt="Lighthouse" '
        'loading="lazy" width="2000" height="1333" srcset="/content/images/size/w600/2024/05/lighthouse.jpg 600w, '
        '/content/images/size/w1000/2024/05/lighthouse.jpg 1000w, /content/images/2024/05/lighthouse.jpg 2000w" '
        'sizes="(min-width: 720px) 720px"><figcaption><span style="white-space: pre-wrap;">'
        'Repainted in May.</span></figcaption></figure>',
        must=(f'//figure/img[@src="{BASE}content/images/2024/05/lighthouse.jpg"]',
              f'//img[contains(@srcset, "{BASE}content/images/size/w600/2024/05/lighthouse.jpg 600w")]',
              '//figcaption[contains(., "Repainted in May.")]'),
        gone=("style=", "loading=")),
    Construct(
        "ghost-bookmark-card", "Ghost (bookmark card)",
        '<figure class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" '
        'href="https://port.example.com/notices/42"><div class="kg-bookmark-content">'
        '<div class="kg-bookmark-title">Notice 42: dredging</div>'
        '<div class="kg-bookmark-description">Works start on Monday.</div>'
        '<div class="kg-bookmark-metadata"><img class="kg-bookmark-icon" '
        'src="https://port.example.com/favicon.png" alt=""><span class="kg-bookmark-author">'
        'Port Authority</span></div></div><div class="kg-bookmark-thumbnail">'
        '<img src="https://port.example.com/dredger.jpg" alt="" onerror="this.style.display=\'none\'"></div>'
        '</a></figure>',
        must=('//a[@href="https://port.example.com/notices/42"]//img[@src="https://port.example.com/dredger.jpg"]',),
        text=("Notice 42: dredging", "Works start on Monday.", "Port Authority"),
        gone=("onerror",)),
    Construct(
        "ghost-gallery-card", "Ghost (gallery card)",
        '<figure class="kg-card kg-gallery-card kg-width-wide"><div class="kg-gallery-container">'
        '<div class="kg-gallery-row"><div class="kg-gallery-image"><img src="/content/images/g1.jpg" '
        'width="1200" height="800" loading="lazy" alt="Gull"></div><div class="kg-gallery-image">'
        '<img src="/content/images/g2.jpg" width="1200" height="800" loading="lazy" alt="Tern"></div>'
        '</div></div></figure>',
        must=(f'//img[@src="{BASE}content/images/g1.jpg"][@alt="Gull"]',
              f'//img[@src="{BASE}content/images/g2.jpg"][@alt="Tern"]')),
    Construct(
        "ghost-callout-card", "Ghost (callout card)",
        '<div class="kg-card kg-callout-card kg-callout-card-yellow"><div class="kg-callout-emoji">💡</div>'
        '<div class="kg-callout-text">Parking on the quay is free on Sundays.</div></div>',
        text=("💡", "Parking on the quay is free on Sundays.")),
    Construct(
        "ghost-toggle-card", "Ghost (toggle card)",
        '<div class="kg-card kg-toggle-card" data-kg-toggle-state="close"><div class="kg-toggle-heading">'
        '<h4 class="kg-toggle-heading-text">Who pays for the works?</h4>'
        '<button class="kg-toggle-card-icon" aria-label="Expand toggle to read content">'
        '<svg id="Regular" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M23.25,7.311"></path></svg>'
        '</button></div><div class="kg-toggle-content"><p>The port and the city, half each.</p></div></div>',
        must=('//h4[.="Who pays for the works?"]',),
        text=("The port and the city, half each.",),
        gone=("<svg", "<button", "data-kg")),
    Construct(
        "ghost-button-card", "Ghost (button card)",
        '<div class="kg-card kg-button-card kg-align-center">'
        '<a href="https://news.example.org/subscribe/" class="kg-btn kg-btn-accent">Get the harbour letter</a></div>',
        links=(("https://news.example.org/subscribe/", "Get the harbour letter"),)),
    Construct(
        "ghost-video-card", "Ghost (video card with spacer poster)",
        '<figure class="kg-card kg-video-card"><div class="kg-video-container">'
        '<video src="/content/media/2024/05/launch.mp4" poster="https://img.spacergif.org/v1/1280x720/0a/spacer.png" '
        'width="1280" height="720" playsinline preload="metadata" '
        'style="background: transparent url(\'/content/images/launch_thumb.jpg\') 50% 50% / cover no-repeat;"></video>'
        '<div class="kg-video-overlay"><button class="kg-video-large-play-icon"><svg viewBox="0 0 24 24">'
        '<path d="M23.14 10.608"></path></svg></button></div></div>'
        '<figcaption>The launch, from the breakwater.</figcaption></figure>',
        links=((f"{BASE}content/media/2024/05/launch.mp4", "launch.mp4"),),
        text=("The launch, from the breakwater.",),
        gone=("spacer", "<video", "<button")),
    Construct(
        "ghost-url-placeholder", "Ghost (JSON export: the site's address as __GHOST_URL__)",
        '<figure class="kg-card kg-image-card"><img src="__GHOST_URL__/content/images/2024/03/'
        'harbour.jpg" class="kg-image" alt="Harbour" srcset="__GHOST_URL__/content/images/size/'
        'w600/2024/03/harbour.jpg 600w"></figure><p>More in <a href="__GHOST_URL__/tag/port/">'
        'port news</a>.</p>',
        must=(f'//img[@src="{BASE}content/images/2024/03/harbour.jpg"]'
              f'[@srcset="{BASE}content/images/size/w600/2024/03/harbour.jpg 600w"]',),
        links=((f"{BASE}tag/port/", "port news"),),
        gone=("__GHOST_URL__",)),
    # --- Medium ----------------------------------------------------------------
    Construct(
        "medium-figure", "Medium (export)",
        '<figure name="8f3a" id="8f3a" class="graf graf--figure graf-after--p">'
        '<img class="graf-image" data-image-id="1*Qz3.jpeg" data-width="3000" data-height="2000" '
        'src="https://cdn-images-1.medium.com/max/800/1*Qz3.jpeg">'
        '<figcaption class="imageCaption">Photo by a reader, <a href="https://example.com/p" '
        'class="markup--anchor markup--figure-anchor">used with thanks</a>.</figcaption></figure>',
        must=('//figure/img[@src="https://cdn-images-1.medium.com/max/800/1*Qz3.jpeg"]',
              '//figure[starts-with(@id, "a")][contains(@id, "-8f3a")]'),
        links=(("https://example.com/p", "used with thanks"),),
        gone=("data-image-id", 'id="8f3a"')),
    Construct(
        "medium-picture", "Medium (web page, <picture> with WebP sources)",
        '<figure><div><picture><source srcset="https://miro.medium.com/v2/resize:fit:640/format:webp/1*k.png 640w, '
        'https://miro.medium.com/v2/resize:fit:1400/format:webp/1*k.png 1400w" sizes="(min-resolution: 4dppx) '
        'and (max-width: 700px) 50vw, 700px" type="image/webp"><source data-testid="og" '
        'srcset="https://miro.medium.com/v2/resize:fit:640/1*k.png 640w, '
        'https://miro.medium.com/v2/resize:fit:1400/1*k.png 1400w" sizes="700px">'
        '<img alt="Chart of arrivals" class="bg lw" width="700" height="394" loading="eager" role="presentation">'
        '</picture></div><figcaption>Arrivals by month.</figcaption></figure>',
        must=('//figure//img[@alt="Chart of arrivals"][@src="https://miro.medium.com/v2/resize:fit:1400/1*k.png"]',
              '//img[contains(@srcset, "https://miro.medium.com/v2/resize:fit:640/1*k.png 640w")]',
              '//figcaption[.="Arrivals by month."]'),
        gone=("<picture", "<source", "webp")),
    Construct(
        "medium-sections", "Medium (export sections and named paragraphs)",
        '<section name="a1b2" class="section section--body"><div class="section-divider"><hr class="section-divider">'
        '</div><div class="section-content"><div class="section-inner sectionLayout--insetColumn">'
        '<h3 name="c3d4" id="c3d4" class="graf graf--h3">Second day</h3>'
        '<p name="e5f6" id="e5f6" class="graf graf--p">The fog lifted by noon.</p>'
        '<p class="graf graf--p"><a href="#c3d4" class="markup--anchor">Back to the heading</a></p>'
        '</div></div></section>',
        must=('//h3[contains(@id, "-c3d4")]', '//p[contains(@id, "-e5f6")]'),
        text=("Second day", "The fog lifted by noon."),
        gone=("graf--",)),
    Construct(
        "medium-mark", "Medium (highlight)",
        '<p class="graf graf--p">Ticket prices <mark class="markup--mark markup--p-mark">rise in June</mark>.</p>',
        must=('//mark[.="rise in June"]',)),
    Construct(
        "medium-gist", "Medium (embedded iframe of an unknown service)",
        '<figure name="g7h8" class="graf graf--figure graf--iframe"><iframe '
        'src="https://medium.com/media/2b4c6d8e0f?postId=9a8b7c" width="700" height="250" '
        'frameborder="0" scrolling="no"></iframe></figure>',
        links=(("https://medium.com/media/2b4c6d8e0f?postId=9a8b7c",
                "https://medium.com/media/2b4c6d8e0f?postId=9a8b7c"),)),
    Construct(
        "medium-embedly-video", "Medium (video embedded through Embedly)",
        '<figure class="graf graf--figure graf--iframe"><iframe data-width="854" data-height="480" '
        'width="700" height="393" src="https://cdn.embedly.com/widgets/media.html?src=https%3A%2F%2F'
        'www.youtube.com%2Fembed%2FdQw4w9WgXcQ%3Ffeature%3Doembed&amp;url=http%3A%2F%2Fwww.youtube.com'
        '%2Fwatch%3Fv%3DdQw4w9WgXcQ&amp;image=https%3A%2F%2Fi.ytimg.com%2Fvi%2FdQw4w9WgXcQ%2Fhqdefault.jpg'
        '&amp;type=text%2Fhtml&amp;schema=youtube" frameborder="0" scrolling="no"></iframe></figure>',
        links=(("http://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "http://www.youtube.com/watch?v=dQw4w9WgXcQ"),),
        gone=("embedly", "<iframe")),
    # --- Substack --------------------------------------------------------------
    Construct(
        "substack-image", "Substack (captioned image)",
        '<div class="captioned-image-container"><figure><a class="image-link image2 is-viewable-img" '
        'target="_blank" href="https://substackcdn.com/image/fetch/f_auto,q_auto:good/https%3A%2F%2Fbucket.example%2Fboat.jpeg" '
        'data-component-name="Image2ToDOM"><div class="image2-inset"><picture><source type="image/webp" '
        'srcset="https://substackcdn.com/image/fetch/w_424,c_limit,f_webp/https%3A%2F%2Fbucket.example%2Fboat.jpeg 424w, '
        'https://substackcdn.com/image/fetch/w_1456,c_limit,f_webp/https%3A%2F%2Fbucket.example%2Fboat.jpeg 1456w" '
        'sizes="100vw"><img src="https://substackcdn.com/image/fetch/w_1456,c_limit,f_auto/https%3A%2F%2Fbucket.example%2Fboat.jpeg" '
        'width="1456" height="971" data-attrs="{&quot;src&quot;:&quot;https://bucket.example/boat.jpeg&quot;}" '
        'class="sizing-normal" alt="A blue boat" srcset="https://substackcdn.com/image/fetch/w_424,c_limit,f_auto/'
        'https%3A%2F%2Fbucket.example%2Fboat.jpeg 424w, https://substackcdn.com/image/fetch/w_1456,c_limit,f_auto/'
        'https%3A%2F%2Fbucket.example%2Fboat.jpeg 1456w" sizes="100vw" loading="lazy"></picture>'
        '<div class="image-link-expand"><svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
        '<path d="M2 2"></path></svg></div></div></a><figcaption class="image-caption">The blue boat is back.'
        '</figcaption></figure></div>',
        must=('//figure/a//img[@alt="A blue boat"][@src="https://substackcdn.com/image/fetch/'
              'w_1456,c_limit,f_auto/https%3A%2F%2Fbucket.example%2Fboat.jpeg"]',
              '//img[contains(@srcset, "https://substackcdn.com/image/fetch/w_424,c_limit,f_auto/'
              'https%3A%2F%2Fbucket.example%2Fboat.jpeg 424w")]',
              '//figcaption[.="The blue boat is back."]'),
        gone=("<picture", "<svg", "data-attrs", "f_webp")),
    Construct(
        "substack-footnotes", "Substack (footnotes)",
        '<p>Landings doubled<a class="footnote-anchor" data-component-name="FootnoteAnchorToDOM" '
        'id="footnote-anchor-1" href="#footnote-1" target="_self">1</a>.</p>'
        '<div class="footnote" data-component-name="FootnoteToDOM"><a id="footnote-1" href="#footnote-anchor-1" '
        'class="footnote-number" contenteditable="false" target="_self">1</a><div class="footnote-content">'
        '<p>Figures from the port office.</p></div></div>',
        must=('//a[contains(@id, "-footnote-anchor-1")][contains(@href, "-footnote-1")]',
              '//a[contains(@id, "-footnote-1")][contains(@href, "-footnote-anchor-1")]'),
        text=("Figures from the port office.",),
        gone=("contenteditable", "target=")),
    Construct(
        "substack-button", "Substack (subscribe button)",
        '<p class="button-wrapper" data-attrs="{&quot;url&quot;:&quot;https://harbour.substack.com/subscribe?&quot;,'
        '&quot;text&quot;:&quot;Subscribe now&quot;}" data-component-name="ButtonCreateButton">'
        '<a class="button primary" href="https://harbour.substack.com/subscribe?"><span>Subscribe now</span></a></p>',
        links=(("https://harbour.substack.com/subscribe?", "Subscribe now"),),
        gone=("data-attrs",)),
    Construct(
        "substack-youtube", "Substack (YouTube embed)",
        '<div id="youtube2-Xc0Lb5dTq1w" class="youtube-wrap" data-attrs="{&quot;videoId&quot;:&quot;Xc0Lb5dTq1w&quot;,'
        '&quot;startTime&quot;:null,&quot;endTime&quot;:null}" data-component-name="Youtube2ToDOM">'
        '<div class="youtube-inner"><iframe src="https://www.youtube-nocookie.com/embed/Xc0Lb5dTq1w?rel=0&amp;autoplay=0'
        '&amp;showinfo=0&amp;enablejsapi=0" frameborder="0" loading="lazy" gesture="media" allow="autoplay; fullscreen" '
        'allowautoplay="true" allowfullscreen="true" width="728" height="409"></iframe></div></div>',
        links=(("https://www.youtube.com/watch?v=Xc0Lb5dTq1w", "https://www.youtube.com/watch?v=Xc0Lb5dTq1w"),),
        gone=("youtube-nocookie", "<iframe")),
    Construct(
        "substack-tweet", "Substack (embedded post: data only)",
        '<div class="tweet" data-attrs="{&quot;url&quot;:&quot;https://twitter.com/portdesk/status/1700000000000000002&quot;,'
        '&quot;full_text&quot;:&quot;Fog warning for the estuary until 10:00.&quot;,&quot;username&quot;:&quot;portdesk&quot;,'
        '&quot;name&quot;:&quot;Port Desk&quot;}" data-component-name="Twitter2ToDOM"></div>',
        must=('//blockquote/p[.="Fog warning for the estuary until 10:00."]',),
        links=(("https://twitter.com/portdesk/status/1700000000000000002",
                "https://twitter.com/portdesk/status/1700000000000000002"),),
        gone=("data-attrs",)),
    # --- Drupal ----------------------------------------------------------------
    Construct(
        "drupal-media", "Drupal (rendered media entity)",
        '<article class="media media--type-image media--view-mode-default"><div class="field field--name-field-media-image">'
        '<img loading="lazy" src="/sites/default/files/styles/large/public/2024-02/crane.jpg?itok=Ab3dE5fG" '
        'width="480" height="320" alt="A harbour crane"></div></article>',
        must=(f'//img[@src="{BASE}sites/default/files/styles/large/public/2024-02/crane.jpg?itok=Ab3dE5fG"]'
              '[@alt="A harbour crane"]',),
        gone=("<article",)),
    Construct(
        "drupal-data-caption", "Drupal (CKEditor image with data-caption)",
        '<p><img data-align="center" data-caption="Night shift at the terminal" data-entity-type="file" '
        'data-entity-uuid="0c7f1e3a-5b2d-4e6f-8a9b-1c2d3e4f5a6b" src="/sites/default/files/inline-images/night.png" '
        'width="900" height="600" alt="Terminal at night"></p>',
        must=(f'//figure/img[@src="{BASE}sites/default/files/inline-images/night.png"]',
              '//figure/figcaption[.="Night shift at the terminal"]'),
        gone=("data-caption", "data-entity")),
    Construct(
        "drupal-table-alignment", "Drupal (CKEditor table with alignment classes)",
        '<table class="table"><caption>Fees</caption><thead><tr><th scope="col">Berth</th>'
        '<th class="text-align-right" scope="col">Per day</th></tr></thead><tbody><tr><td>A1</td>'
        '<td class="text-align-right">€40</td></tr><tr><td>B2</td><td style="text-align:center;">€35</td></tr>'
        '</tbody></table>',
        must=('//table/caption[.="Fees"]', '//th[@align="right"][@scope="col"]',
              '//td[@align="right"][.="€40"]', '//td[@align="center"][.="€35"]'),
        gone=("style=", "class=")),
    Construct(
        "drupal-definition-list", "Drupal (glossary as a definition list)",
        '<dl><dt>Berth</dt><dd>A place where a ship is moored.</dd><dt>Draught</dt>'
        '<dd>How deep a ship sits in the water.</dd></dl>',
        must=('//dl/dt[.="Berth"]', '//dl/dd[.="How deep a ship sits in the water."]')),
    Construct(
        "drupal-abbr", "Drupal (abbreviation)",
        '<p>The <abbr title="International Maritime Organization">IMO</abbr> sets the rules.</p>',
        must=('//abbr[@title="International Maritime Organization"][.="IMO"]',)),
    Construct(
        "drupal-details", "Drupal (collapsible details)",
        '<details class="js-form-wrapper form-wrapper"><summary role="button" aria-expanded="false">'
        'Timetable changes</summary><div class="details-wrapper"><p>Sunday boats leave at 9.</p></div></details>',
        must=('//details/summary[.="Timetable changes"]', '//details//p[.="Sunday boats leave at 9."]')),
    Construct(
        "drupal-time", "Drupal (date field)",
        '<p>Updated <time datetime="2024-03-04T09:30:00Z" class="datetime">4 March 2024, 09:30</time>.</p>',
        must=('//time[@datetime="2024-03-04T09:30:00Z"][.="4 March 2024, 09:30"]',)),
    Construct(
        "drupal-vimeo", "Drupal (oEmbed Vimeo iframe, lazy)",
        '<div class="field field--name-field-media-oembed-video"><iframe '
        'data-src="https://player.vimeo.com/video/76979871?h=8272103f6e" src="about:blank" '
        'title="Dredger at work" width="640" height="360" class="media-oembed-content"></iframe></div>',
        links=(("https://vimeo.com/76979871", "Dredger at work"),),
        gone=("about:blank", "player.vimeo.com")),
    Construct(
        "drupal-named-anchor", "Drupal (old named anchors)",
        '<p><a name="fees"></a>Fees are listed below.</p><p><a href="#fees">Back to fees</a></p>',
        must=('//a[contains(@id, "-fees")]', '//a[contains(@href, "#a")][contains(@href, "-fees")]'),
        text=("Fees are listed below.",)),
    # --- Any of them -----------------------------------------------------------
    Construct(
        "ruby-annotation", "any (Japanese ruby from a CMS editor)",
        '<p><ruby>港<rp>(</rp><rt>みなと</rt><rp>)</rp></ruby>の朝。</p>',
        must=('//ruby/rt[.="みなと"]', '//ruby/rp[.="("]')),
    Construct(
        "bidi-isolation", "any (bidirectional isolation)",
        '<p>The sign said <bdi>מעגן</bdi> and <bdo dir="rtl">abc</bdo>.</p>',
        must=('//bdi[.="מעגן"]', '//span[@dir="rtl"][.="abc"]'), gone=("<bdo",)),
    Construct(
        "video-sources", "any (<video> with <source> children)",
        '<video controls width="640"><source src="/media/tide.webm" type="video/webm">'
        '<source src="/media/tide.mp4" type="video/mp4">Your browser does not play video.</video>',
        links=((f"{BASE}media/tide.webm", "tide.webm"),),
        gone=("<video", "<source", "does not play")),
    Construct(
        "image-srcset-only", "any (image with only srcset)",
        '<p><img srcset="/img/quay-480.jpg 480w, /img/quay-960.jpg 960w" alt="Quay"></p>',
        must=(f'//img[@src="{BASE}img/quay-960.jpg"][@alt="Quay"]',)),
    Construct(
        "lazy-without-source", "any (lazy image whose source is lost)",
        f'<p>Before <img class="lazy" src="{PIXEL}" alt="Harbour in snow"> after.</p>',
        text=("Harbour in snow",), gone=("<img", "data:")),
    Construct(
        "lazy-unsafe-source", "any (lazy image whose real source is a javascript: URL)",
        '<p>Before <img class="lazyload" src="/wp-content/plugins/a3-lazy-load/assets/images/'
        'lazy_placeholder.gif" data-src="javascript:alert(1)" alt="Harbour at night"> after.</p>',
        text=("Harbour at night",), gone=("<img", "lazy_placeholder", "javascript")),
    Construct(
        "lazy-data-url-source", "any (lazy image whose real source is a data: URL)",
        '<p>Before <img class="lazyload" src="/img/blank.gif" '
        'data-src="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+" '
        'data-srcset="javascript:alert(1) 2x" alt="Quay in fog"> after.</p>',
        text=("Quay in fog",), gone=("<img", "blank.gif", "data:", "javascript")),
    Construct(
        "lazy-unsafe-source-noscript", "any (lazy image with an unsafe source and a <noscript> copy)",
        '<p><img class="lazyload" src="/img/blank.gif" data-src="javascript:alert(1)" alt="">'
        '<noscript><img src="/img/quay-at-noon.jpg" alt="Quay at noon"></noscript></p>',
        must=(f'//img[@src="{BASE}img/quay-at-noon.jpg"][@alt="Quay at noon"]',),
        gone=("blank.gif", "javascript")),
    Construct(
        "repeated-ids", "any (raw HTML repeating an id)",
        '<h2 id="fees">Fees</h2><p>Listed below.</p><h2 id="fees">Fees again</h2>'
        '<p><a href="#fees">Back to fees</a></p>',
        must=('//h2[contains(@id, "-fees")][.="Fees"]', '//h2[not(@id)][.="Fees again"]',
              '//a[contains(@href, "-fees")][.="Back to fees"]')),
)
