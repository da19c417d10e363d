//! `requests` over the bundled site (natively: from this checkout's
//! www/site/, as the page's static server serves it), with requests'
//! URLs, errors and messages.

use lockstep_python::native::{run_source, shared_pool};
use lockstep_python::{Capture, RunConfig};
use std::sync::Arc;
use std::time::Duration;

#[test]
fn requests_get_serves_the_notes_portals_and_fails_as_requests_does() {
    let src = "\
import requests
for u in ['http://www.baidu.com', 'HTTP://WWW.QQ.com:80', 'http://www.163.com?x=1']:
    r = requests.get(u)
    print(r.status_code, r.ok, r.url, '<title>' in r.text, r)
r = requests.get('http://www.baidu.com/s', params={'wd': '并发 a&b'})
print(r.status_code, r.url)
try:
    r.raise_for_status()
except requests.HTTPError as e:
    print(e)
for bad in ['www.baidu.com', 'ftp://www.baidu.com/']:
    try:
        requests.get(bad)
    except requests.RequestException as e:
        print(type(e).__name__, e)
try:
    requests.get('http://www.sina.com.cn', timeout=0.001)
except requests.exceptions.Timeout as e:
    print(type(e).__name__, e)
";
    let cap = Arc::new(Capture::default());
    let r = run_source(
        shared_pool(),
        src,
        "prog.py",
        cap.clone(),
        RunConfig::default(),
        1.0,
        Some(Duration::from_secs(30)),
    );
    let out = cap.out.lock().map(|s| s.clone()).unwrap_or_default();
    let err = cap.err.lock().map(|s| s.clone()).unwrap_or_default();
    assert_eq!(r.outcome.exit_code, 0, "{err}");
    assert_eq!(
        out,
        "200 True http://www.baidu.com/ True <Response [200]>\n\
         200 True http://www.qq.com:80/ True <Response [200]>\n\
         200 True http://www.163.com/?x=1 True <Response [200]>\n\
         404 http://www.baidu.com/s?wd=%E5%B9%B6%E5%8F%91+a%26b\n\
         404 Client Error: Not Found for url: http://www.baidu.com/s?wd=%E5%B9%B6%E5%8F%91+a%26b\n\
         MissingSchema Invalid URL 'www.baidu.com': No scheme supplied. Perhaps you meant https://www.baidu.com?\n\
         InvalidSchema No connection adapters were found for 'ftp://www.baidu.com/'\n\
         ReadTimeout HTTPConnectionPool(host='www.sina.com.cn', port=80): Read timed out. (read timeout=0.001)\n"
    );
    // Each request is a traced fetch, begun and ended.
    use lockstep_core::trace::{Op, Phase};
    let begun = r
        .log
        .events
        .iter()
        .filter(|e| e.op == Op::Fetch && e.phase == Phase::Begin)
        .count();
    assert_eq!(begun, 5);
}
