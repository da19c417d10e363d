# requests, the part learners of the notes meet: get() and its Response,
# with requests' messages. (Lockstep classes have one base: MissingSchema
# and friends derive from RequestException only, not also ValueError.) The network is modelled (_net: latency drawn
# from the run's seed; the notes' portals are pages of the bundled site).
import _net


class RequestException(OSError):
    pass


class ConnectionError(RequestException):
    pass


class HTTPError(RequestException):
    pass


class Timeout(RequestException):
    pass


class ConnectTimeout(ConnectionError):
    pass


class ReadTimeout(Timeout):
    pass


class URLRequired(RequestException):
    pass


class MissingSchema(RequestException):
    pass


class InvalidSchema(RequestException):
    pass


class InvalidURL(RequestException):
    pass


class JSONDecodeError(RequestException):
    pass


class _Exceptions:
    pass


exceptions = _Exceptions()
for _n, _c in [("RequestException", RequestException), ("ConnectionError", ConnectionError),
               ("HTTPError", HTTPError), ("Timeout", Timeout), ("ConnectTimeout", ConnectTimeout),
               ("ReadTimeout", ReadTimeout), ("URLRequired", URLRequired),
               ("MissingSchema", MissingSchema), ("InvalidSchema", InvalidSchema),
               ("InvalidURL", InvalidURL), ("JSONDecodeError", JSONDecodeError)]:
    setattr(exceptions, _n, _c)

_REASONS = {200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently",
            302: "Found", 304: "Not Modified", 400: "Bad Request", 401: "Unauthorized",
            403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 429: "Too Many Requests",
            500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
            504: "Gateway Timeout"}


class Response:
    def __init__(self, status, url, text):
        self.status_code = status
        self.url = url
        self.text = text
        self.reason = _REASONS.get(status, "")
        self.encoding = "utf-8"
        self.headers = {"Content-Type": "text/html; charset=utf-8"}
        self.ok = status < 400

    def json(self):
        p = _Json(self.text)
        p.ws()
        v = p.value()
        p.ws()
        if p.i != len(p.s):
            p.fail("Extra data")
        return v

    def raise_for_status(self):
        if 400 <= self.status_code < 500:
            raise HTTPError("%d Client Error: %s for url: %s" % (self.status_code, self.reason, self.url))
        if 500 <= self.status_code < 600:
            raise HTTPError("%d Server Error: %s for url: %s" % (self.status_code, self.reason, self.url))

    def __bool__(self):
        return self.ok

    def __repr__(self):
        return "<Response [%d]>" % self.status_code


class _Json:
    # A JSON reader with json's messages (enough for Response.json()).
    def __init__(self, s):
        self.s = s
        self.i = 0

    def fail(self, what):
        line = self.s.count("\n", 0, self.i) + 1
        col = self.i - (self.s.rfind("\n", 0, self.i) + 1) + 1
        raise JSONDecodeError("%s: line %d column %d (char %d)" % (what, line, col, self.i))

    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in " \t\n\r":
            self.i += 1

    def value(self):
        s = self.s
        if self.i >= len(s):
            self.fail("Expecting value")
        c = s[self.i]
        if c == "{":
            self.i += 1
            out = {}
            self.ws()
            if s[self.i:self.i + 1] == "}":
                self.i += 1
                return out
            while True:
                self.ws()
                if s[self.i:self.i + 1] != '"':
                    self.fail("Expecting property name enclosed in double quotes")
                k = self.string()
                self.ws()
                if s[self.i:self.i + 1] != ":":
                    self.fail("Expecting ':' delimiter")
                self.i += 1
                self.ws()
                out[k] = self.value()
                self.ws()
                c = s[self.i:self.i + 1]
                self.i += 1
                if c == "}":
                    return out
                if c != ",":
                    self.i -= 1
                    self.fail("Expecting ',' delimiter")
        if c == "[":
            self.i += 1
            out = []
            self.ws()
            if s[self.i:self.i + 1] == "]":
                self.i += 1
                return out
            while True:
                self.ws()
                out.append(self.value())
                self.ws()
                c = s[self.i:self.i + 1]
                self.i += 1
                if c == "]":
                    return out
                if c != ",":
                    self.i -= 1
                    self.fail("Expecting ',' delimiter")
        if c == '"':
            return self.string()
        for word, v in (("true", True), ("false", False), ("null", None)):
            if s.startswith(word, self.i):
                self.i += len(word)
                return v
        j = self.i
        while j < len(s) and s[j] in "+-0123456789.eE":
            j += 1
        if j == self.i:
            self.fail("Expecting value")
        text = s[self.i:j]
        self.i = j
        if "." in text or "e" in text or "E" in text:
            return float(text)
        return int(text)

    def string(self):
        s = self.s
        self.i += 1
        out = []
        while True:
            if self.i >= len(s):
                self.fail("Unterminated string starting at")
            c = s[self.i]
            self.i += 1
            if c == '"':
                return "".join(out)
            if c == "\\":
                e = s[self.i:self.i + 1]
                self.i += 1
                if e == "u":
                    out.append(chr(int(s[self.i:self.i + 4], 16)))
                    self.i += 4
                else:
                    out.append({"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}.get(e, e))
            else:
                out.append(c)


def _split(url):
    # (scheme, host, port, path-and-query) of an absolute URL.
    scheme, rest = url.split("://", 1)
    end = len(rest)
    for c in "/?#":
        i = rest.find(c)
        if i != -1 and i < end:
            end = i
    netloc, tail = rest[:end], rest[end:]
    host, _, port = netloc.partition(":")
    default = 443 if scheme.lower() == "https" else 80
    if port and not port.isdigit():
        raise InvalidURL("Invalid URL '%s': Invalid port" % url)
    return scheme.lower(), host.lower(), port, int(port) if port else default, tail


_SAFE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-~"


def _utf8(cp):
    if cp < 0x80:
        return [cp]
    if cp < 0x800:
        return [0xC0 | cp >> 6, 0x80 | cp & 0x3F]
    if cp < 0x10000:
        return [0xE0 | cp >> 12, 0x80 | (cp >> 6) & 0x3F, 0x80 | cp & 0x3F]
    return [0xF0 | cp >> 18, 0x80 | (cp >> 12) & 0x3F, 0x80 | (cp >> 6) & 0x3F, 0x80 | cp & 0x3F]


def _quote_plus(s):
    # urllib.parse.quote_plus: UTF-8 bytes as %XX, spaces as '+'.
    out = []
    for ch in str(s):
        if ch in _SAFE:
            out.append(ch)
        elif ch == " ":
            out.append("+")
        else:
            for b in _utf8(ord(ch)):
                out.append("%%%02X" % b)
    return "".join(out)


def get(url, params=None, timeout=None, headers=None, **kwargs):
    url = str(url).strip()
    if "://" not in url:
        raise MissingSchema("Invalid URL '%s': No scheme supplied. Perhaps you meant https://%s?" % (url, url))
    scheme, host, given_port, port, tail = _split(url)
    if scheme not in ("http", "https"):
        raise InvalidSchema("No connection adapters were found for '%s'" % url)
    if not host:
        raise InvalidURL("Invalid URL '%s': No host supplied" % url)
    if not tail.startswith("/"):
        tail = "/" + tail
    if params:
        query = "&".join(["%s=%s" % (_quote_plus(k), _quote_plus(v)) for k, v in params.items()])
        tail += ("&" if "?" in tail else "?") + query
    url = "%s://%s%s%s" % (scheme, host, ":" + given_port if given_port else "", tail)
    if isinstance(timeout, tuple):
        timeout = timeout[1]
    status, final, text, error = _net.get(url, timeout)
    pool = "HTTPSConnectionPool" if scheme == "https" else "HTTPConnectionPool"
    if error == "timeout":
        raise ReadTimeout("%s(host='%s', port=%d): Read timed out. (read timeout=%s)" % (pool, host, port, timeout))
    if error is not None:
        raise ConnectionError("%s(host='%s', port=%d): Max retries exceeded with url: %s (%s)"
                              % (pool, host, port, tail, error))
    return Response(status, final, text)
