"""A demonstration host site for the embeddable widget: `make run` serves it on port
8010, a different origin from the chat's, so a new user can open the launcher there.

It serves the pages in bot/webchat/demo/ (and nothing else), with {{CHAT_ORIGIN}}
replaced by where the chat server is (CHAT_PAGE_ORIGIN). The chat server frames the
chat page only for the origins in WIDGET_HOST_ORIGINS, which by default include this
site's.

    python -m scripts.demo_host [--port 8010] [--chat-origin http://localhost:8000]
"""

from __future__ import annotations

import argparse
import os
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent / "bot" / "webchat" / "demo"
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8"}
DEFAULT_CHAT_ORIGIN = "http://localhost:8000"


def demo_pages(chat_origin: str) -> dict[str, tuple[bytes, str]]:
    """Each page's path ("/", "/second.html", ...), body and type, read once."""
    pages: dict[str, tuple[bytes, str]] = {}
    for path in sorted(DEMO_DIR.iterdir()):
        if path.suffix in TYPES:
            body = path.read_text().replace("{{CHAT_ORIGIN}}", chat_origin.rstrip("/"))
            pages["/" + path.name] = (body.encode(), TYPES[path.suffix])
    pages["/"] = pages["/index.html"]
    return pages


def handler_for(pages: dict[str, tuple[bytes, str]]) -> type[BaseHTTPRequestHandler]:
    class DemoPage(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            found = pages.get(self.path.split("?", 1)[0])
            if found is None:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            body, content_type = found
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Quiet: the demonstration's page views are nobody's business."""

    return DemoPage


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8010)
    parser.add_argument(
        "--chat-origin", default=os.environ.get("CHAT_PAGE_ORIGIN") or DEFAULT_CHAT_ORIGIN
    )
    args = parser.parse_args()
    server = ThreadingHTTPServer((args.host, args.port), handler_for(demo_pages(args.chat_origin)))
    print(f"Demonstration host site: http://localhost:{args.port}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
