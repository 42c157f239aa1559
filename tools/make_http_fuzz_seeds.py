#!/usr/bin/env python3
"""Writes the seed requests of HttpRequestFuzzTest (sure4j-cli): raw HTTP/1.1 requests, valid and hostile.

Run from the repository root: python3 tools/make_http_fuzz_seeds.py
Needs only the standard library; the WAV seeds are cut from data/mini/kws/test/off_000.wav, the FLAC and Ogg
bodies are sure4j-audio-ffmpeg's test fixtures.
"""
import os
import struct

OUT = "sure4j-cli/src/test/resources/dev/sure4j/cli/serve/HttpRequestFuzzTestInputs/exchange"
HOST = b"Host: localhost\r\n"


def wav(rate=16000, frames=800, channels=1, bits=16, declared_data=None):
    with open("data/mini/kws/test/off_000.wav", "rb") as f:
        raw = f.read()
    pcm = raw[44:44 + frames * channels * bits // 8]
    data_size = len(pcm) if declared_data is None else declared_data
    block = channels * bits // 8
    fmt = struct.pack("<HHIIHH", 1, channels, rate, rate * block, block, bits)
    return (b"RIFF" + struct.pack("<I", 36 + len(pcm)) + b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt
            + b"data" + struct.pack("<I", data_size) + pcm)


def fixture(name):
    with open("sure4j-audio-ffmpeg/src/test/resources/audio/" + name, "rb") as f:
        return f.read()


def post(path, body, headers=b"", length=None):
    n = len(body) if length is None else length
    return (b"POST " + path + b" HTTP/1.1\r\n" + HOST + headers
            + b"Content-Length: " + str(n).encode() + b"\r\n\r\n" + body)


def chunked(path, body, headers=b""):
    out = b"POST " + path + b" HTTP/1.1\r\n" + HOST + headers + b"Transfer-Encoding: chunked\r\n\r\n"
    for i in range(0, len(body), 700):
        part = body[i:i + 700]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


def boundary_body(payload):
    b = b"--xyz\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"a.wav\"\r\n"
    b += b"Content-Type: audio/wav\r\n\r\n" + payload + b"\r\n--xyz--\r\n"
    return b


SEEDS = {
    "get_health": b"GET /health HTTP/1.1\r\n" + HOST + b"\r\n",
    "get_adapters": b"GET /v1/adapters HTTP/1.1\r\n" + HOST + b"\r\n",
    "get_unknown": b"GET /v1/nothing?x=1 HTTP/1.1\r\n" + HOST + b"\r\n",
    "head_health": b"HEAD /health HTTP/1.1\r\n" + HOST + b"\r\n",
    "http10": b"GET /health HTTP/1.0\r\n\r\n",
    "pipelined": b"GET /health HTTP/1.1\r\n" + HOST + b"\r\n" + post(b"/v1/predict/kws", wav()),
    "predict_wav": post(b"/v1/predict/kws", wav(), b"Content-Type: audio/wav\r\n"),
    "predict_wav_chunked": chunked(b"/v1/predict/kws", wav()),
    "predict_expect_continue": post(b"/v1/predict/kws", wav(), b"Expect: 100-continue\r\n"),
    "predict_unknown_adapter": post(b"/v1/predict/nope", wav()),
    "predict_escaped_adapter": post(b"/v1/predict/%0A%22k%00", wav()),
    "predict_rate_999999937": post(b"/v1/predict/kws", wav(rate=999999937)),
    "predict_rate_1": post(b"/v1/predict/kws", wav(rate=1)),
    "predict_data_size_huge": post(b"/v1/predict/kws", wav(declared_data=0xFFFFFFF0)),
    "predict_truncated_body": post(b"/v1/predict/kws", wav()[:200], length=len(wav())),
    "predict_length_negative": post(b"/v1/predict/kws", wav(), length=-5),
    "predict_length_huge": post(b"/v1/predict/kws", wav(), length=10**19),
    "predict_length_not_number": post(b"/v1/predict/kws", b"x", b"", length=0).replace(b"Length: 0", b"Length: 1x"),
    "predict_empty": post(b"/v1/predict/kws", b""),
    "predict_json": post(b"/v1/predict/kws", b'{"audio": [0.1, 0.2], "rate": 16000}',
                         b"Content-Type: application/json\r\n"),
    "predict_multipart": post(b"/v1/predict/kws", boundary_body(wav()),
                              b"Content-Type: multipart/form-data; boundary=xyz\r\n"),
    "predict_flac_type_wav_body": post(b"/v1/predict/kws", wav(), b"Content-Type: audio/flac\r\n"),
    "predict_dash": post(b"/v1/predict/kws",
                         b'<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011"><BaseURL>'
                         b'http://127.0.0.1:9/x</BaseURL></MPD>', b"Content-Type: audio/mp4\r\n"),
    "transfer_encoding_gzip": b"POST /v1/predict/kws HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: gzip\r\n\r\nxx",
    "length_and_chunked": chunked(b"/v1/predict/kws", wav(), b"Content-Length: 4\r\n"),
    "bad_chunk_size": b"POST /v1/predict/kws HTTP/1.1\r\n" + HOST
                      + b"Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
    "host_evil": b"GET /v1/adapters HTTP/1.1\r\nHost: evil.example\r\n\r\n",
    "host_missing": b"GET /health HTTP/1.1\r\n\r\n",
    "host_twice": b"GET /health HTTP/1.1\r\nHost: evil.example\r\n" + HOST + b"\r\n",
    "header_no_colon": b"GET /health HTTP/1.1\r\n" + HOST + b"Garbage line\r\n\r\n",
    "header_folded": b"GET /health HTTP/1.1\r\n" + HOST + b"X-A: a\r\n b\r\n\r\n",
    "bad_request_line": b"GARBAGE\r\n\r\n",
    "bad_uri": b"GET /v1/%ZZ HTTP/1.1\r\n" + HOST + b"\r\n",
    "absolute_uri": b"GET http://evil.example/health HTTP/1.1\r\n" + HOST + b"\r\n",
    "method_delete": b"DELETE /v1/predict/kws HTTP/1.1\r\n" + HOST + b"\r\n",
    "lf_only": b"GET /health HTTP/1.1\n" + HOST.replace(b"\r", b"") + b"\n",
    "not_utf8": b"GET /v1/\xff\xfe HTTP/1.1\r\n" + HOST + b"X-\xc3\x28: \xa0\r\n\r\n",
    "many_headers": b"GET /health HTTP/1.1\r\n" + HOST + b"".join(b"X-%d: 1\r\n" % i for i in range(80)) + b"\r\n",
    "empty": b"",
    "predict_yes_flac": post(b"/v1/predict/kws", fixture("yes.flac"), b"Content-Type: audio/flac\r\n"),
    "predict_yes_ogg": post(b"/v1/predict/kws", fixture("yes.ogg"), b"Content-Type: audio/ogg\r\n"),
    "authorization_odd": b"GET /v1/adapters HTTP/1.1\r\n" + HOST + b"Authorization: Bearer\r\n\r\n",
}

os.makedirs(OUT, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
print(len(SEEDS), "seeds in", OUT)
