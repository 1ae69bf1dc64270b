"""The blob store keeps originals byte-exact, read-only, under their SHA-256, whichever way in."""

from __future__ import annotations

import hashlib
import os
import stat

from victimkit.store import blobs


def test_store_bytes_and_store_file_keep_the_same_original(tmp_path):
    root = tmp_path / "originals"
    data = os.urandom(200_000) + b"\x00" * 1000
    digest = hashlib.sha256(data).hexdigest()

    first = blobs.store_bytes(root, data, "PNG")
    assert first.is_new and first.sha256 == digest and first.size == len(data)
    assert first.path == root / digest[:2] / f"{digest}.png"
    assert first.path.read_bytes() == data
    assert not first.path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)

    again = blobs.store_bytes(root, data, "png")  # the same bytes: stored once
    assert not again.is_new and again.path == first.path

    src = tmp_path / "copy.png"
    src.write_bytes(data)
    streamed = blobs.store_file(root, src, "png")
    assert not streamed.is_new and streamed.sha256 == digest

    other = blobs.store_bytes(root, data[:-1], "png")
    assert other.is_new and blobs.sha256_file(other.path) == other.sha256
    assert list((root / blobs.TMP_DIR).iterdir()) == []  # no temporary copy left behind
    assert sorted(blobs.iter_blobs(root)) == sorted([first.path, other.path])
