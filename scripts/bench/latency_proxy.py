"""A reverse proxy that adds a fixed delay to every request, for make bench:
moto on loopback answers in microseconds of network time, while real AWS calls
wait on a round trip; concurrency only shows against that wait.

usage: latency_proxy.py LISTEN_PORT TARGET_URL DELAY_MS
"""
import http.client
import http.server
import os
import socketserver
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fixtures", "aws"))
from parent_watch import exit_with_parent  # noqa: E402

listen_port, target, delay = int(sys.argv[1]), urllib.parse.urlsplit(sys.argv[2]), int(sys.argv[3]) / 1000


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(delay)
        upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
        upstream.request("POST", self.path, body, {k: v for k, v in self.headers.items()})
        response = upstream.getresponse()
        data = response.read()
        self.send_response(response.status)
        for key, value in response.getheaders():
            if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


exit_with_parent()
Server(("127.0.0.1", listen_port), Proxy).serve_forever()
