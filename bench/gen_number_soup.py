#!/usr/bin/env python3
"""Number soup: advert-like lines of prices, ages, sizes, measurements, times, dates,
heights, postcodes, refs and number words with NO phone number (TSV, empty expected).
Precision stress for bench/phone_peer.py:  bench/gen_number_soup.py 8 | head -1000 > /tmp/soup.tsv"""
import random
rng = random.Random(int(__import__("sys").argv[1]) if len(__import__("sys").argv)>1 else 3)
def tok():
    r = rng.random()
    c = rng.choice
    opts = [
        lambda: f"£{c([50,60,80,100,120,150,200,250,300,1000])}",
        lambda: f"{c([15,20,30,45,60,90])}min",
        lambda: f"{c([15,20,30,45,60,90])} mins",
        lambda: f"age {rng.randint(18,45)}", lambda: f"{rng.randint(18,45)}",
        lambda: f"size {c([0,2,4,6,8,10,12,14])}",
        lambda: f"{rng.randint(28,40)}{c(['A','B','C','D','DD'])}-{rng.randint(22,30)}-{rng.randint(32,40)}",
        lambda: f"{rng.randint(30,40)}-{rng.randint(22,30)}-{rng.randint(32,40)}",
        lambda: f"{rng.randint(0,23):02d}:{c(['00','30','15'])}",
        lambda: f"{rng.randint(1,28):02d}/{rng.randint(1,12):02d}/{c([2025,2026])}",
        lambda: f"{c([2025,2026])}-{rng.randint(1,12):02d}-{rng.randint(1,28):02d}",
        lambda: f"{rng.randint(4,6)}'{rng.randint(0,11)}\"",
        lambda: f"Ref: {rng.randint(10**6,10**9)}", lambda: f"ID {rng.randint(10**6,10**10)}",
        lambda: "24/7", lambda: f"{rng.randint(1,9)} days", lambda: f"{rng.randint(1,12)}pm",
        lambda: f"{rng.randint(1,3)} hours {c([150,200,250])}",
        lambda: f"{c(['LS','M','B','NG','S','BD'])}{rng.randint(1,20)} {rng.randint(1,9)}{c('ABDEFGH')}{c('JLNPQRST')}",
        lambda: str(rng.randint(0, 999)), lambda: str(rng.randint(0,9)),
        lambda: c(["one", "two", "three", "oh", "zero", "double", "six", "nine", "seven"]),
        lambda: f"{rng.randint(0,99):02d}", lambda: f"0{rng.randint(0,9)}",
        lambda: c(["-", "/", "|", "*", "❤", "💋", "x", "&", "and"]),
        lambda: f"{rng.randint(1,12)}.{c(['00','30'])}", lambda: f"{rng.randint(100,9999)}",
    ]
    return c(opts)()
for _ in range(3000):
    print(" ".join(tok() for _ in range(rng.randint(3, 12))) + "\t")
