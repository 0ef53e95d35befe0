#!/usr/bin/env python3
# Copyright 2026 The admon Authors.
"""Peer for crawl_bench: Scrapy crawling the same loopback sites at the same
concurrency, politeness off, robots.txt obeyed, following the same URL
patterns (listing pages, adverts, images on advert pages). Prints one line:
  pages=<responses> secs=<wall> cpu=<user+sys of this process>
Scrapy stores nothing (admon writes every capture to RocksDB), so this peer
does strictly less work per page. Requires Debian python3-scrapy.
Usage: crawl_peer_scrapy.py SITES_YAML CONNECTIONS_PER_HOST
"""
import re
import resource
import sys
import time
from urllib.parse import urljoin, urlsplit

import yaml
import scrapy
from scrapy.crawler import CrawlerProcess


def path_query(url):
    p = urlsplit(url)
    return p.path + ("?" + p.query if p.query else "")


class Sites(scrapy.Spider):
    name = "peer"

    def __init__(self, sites, **kw):
        super().__init__(**kw)
        self.sites = sites
        self.count = 0

    def start_requests(self):
        for s in self.sites:
            for seed in s["seeds"]:
                yield scrapy.Request(seed, cb_kwargs={"site": s, "kind": "listing"})

    def parse(self, response, site, kind):
        self.count += 1
        if kind == "image" or not isinstance(response, scrapy.http.HtmlResponse):
            return
        u = site["urls"]
        host = urlsplit(response.url).netloc
        for href in response.css("a::attr(href), link[rel=next]::attr(href)").getall():
            url = urljoin(response.url, href)
            if urlsplit(url).netloc != host:
                continue
            pq = path_query(url)
            if any(re.search(p, pq) for p in u.get("skip", [])):
                continue
            if re.search(u["advert"], pq):
                yield scrapy.Request(url, cb_kwargs={"site": site, "kind": "advert"})
            elif re.search(u["listing"], pq):
                yield scrapy.Request(url, cb_kwargs={"site": site, "kind": "listing"})
        if kind == "advert":
            for src in response.css("img::attr(src)").getall():
                url = urljoin(response.url, src)
                if urlsplit(url).netloc == host:
                    yield scrapy.Request(url, cb_kwargs={"site": site, "kind": "image"})


def main():
    cfg = yaml.safe_load(open(sys.argv[1]))
    conns = int(sys.argv[2])
    sites = cfg["sites"]
    process = CrawlerProcess(settings={
        "LOG_LEVEL": "ERROR",
        "ROBOTSTXT_OBEY": True,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS": conns * len(sites),
        "CONCURRENT_REQUESTS_PER_DOMAIN": conns,
        "CONCURRENT_REQUESTS_PER_IP": 0,
        "COOKIES_ENABLED": True,
        "RETRY_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "USER_AGENT": sites[0].get("user_agent", "admon-peer"),
    })
    crawler = process.create_crawler(Sites)
    t0 = time.monotonic()
    process.crawl(crawler, sites=sites)
    process.start()
    secs = time.monotonic() - t0
    ru = resource.getrusage(resource.RUSAGE_SELF)
    print(f"pages={crawler.spider.count} secs={secs:.3f} cpu={ru.ru_utime + ru.ru_stime:.3f}")


if __name__ == "__main__":
    main()
