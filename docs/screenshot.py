"""Take docs/screenshot.png, the README's picture of the site: the home page of a built site,
1280 x 800, in Debian's Chromium driven by Playwright (installed by `make test`).

    .venv/bin/mkdocs build && .venv/bin/python docs/screenshot.py [SITE] [PNG]

SITE defaults to site/, PNG to docs/screenshot.png.
"""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]


def screenshot(browser: Browser, url: str, out: Path) -> None:
    """Write a PNG of the page at url once its browse view has drawn its cards."""
    context = browser.new_context(viewport={"width": 1280, "height": 800},
                                  color_scheme="light")
    try:
        tab = context.new_page()
        tab.goto(url)
        tab.locator("#ps-browse[data-ready] .ps-card").first.wait_for()
        tab.screenshot(path=str(out))
    finally:
        context.close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main(site: Path = Path("site"), out: Path = Path("docs/screenshot.png")) -> None:
    """Serve the built site on a free local port and take its home page."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            screenshot(browser, f"http://127.0.0.1:{server.server_port}/", out)
            browser.close()
    finally:
        server.shutdown()
    print(f"{out}: {out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(*map(Path, sys.argv[1:3]))
