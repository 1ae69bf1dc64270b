"""The compiled part of pngfast: PNG row un-filtering fused with Pillow's box reduction.

numba compiles this once per machine (cached beside the module, or in the user's cache when
that is read-only; in a frozen app, once per start); it releases the GIL, so the import's worker threads decode side by side.
Every formula follows the PNG specification (filters) and Pillow's Reduce.c (rounding), so the
output equals ``Image.reduce(factor)`` of Pillow's decode exactly.

The loops are written out in one function on purpose: split into helpers, numba/LLVM stopped
vectorising the "up" filter (most rows of a screenshot) and it ran ~20x slower.
"""

from __future__ import annotations

from numba import int32, njit, uint8


def _jit(fn):
    try:
        return njit(nogil=True, cache=True, boundscheck=False)(fn)
    except RuntimeError:  # a frozen app has no source file to key numba's cache on
        return njit(nogil=True, boundscheck=False)(fn)  # compiled at each start instead


@_jit
def unfilter_reduce(src, nrows, rowbytes, bpp, y0, height, factor, rows, colsum, out, mults):
    """Un-filter ``nrows`` scanlines (each a filter byte + rowbytes) that start at image row y0.

    rows: (3, rowbytes) uint8 — [0] all zero, [1] and [2] alternate as previous/current row
    (the previous row of y0 is kept there from the last call). colsum: per-byte sums of the
    rows of the output row being built. out: (ceil(h/f), ceil(w/f), bpp) uint8. mults: Pillow's
    multiplier for a box of n pixels, at index n. Returns 0, or -1 on a bad filter type.
    """
    stride = rowbytes + 1
    width = rowbytes // bpp
    for r in range(nrows):
        y = y0 + r
        cur = rows[1 + (y & 1)]
        prev = rows[0] if y == 0 else rows[1 + ((y - 1) & 1)]
        ft = src[r * stride]
        row = src[r * stride + 1 : (r + 1) * stride]
        if ft == 0:
            for i in range(rowbytes):
                cur[i] = row[i]
        elif ft == 1:  # sub
            for i in range(bpp):
                cur[i] = row[i]
            for i in range(bpp, rowbytes):
                cur[i] = uint8(row[i] + cur[i - bpp])
        elif ft == 2:  # up
            for i in range(rowbytes):
                cur[i] = uint8(row[i] + prev[i])
        elif ft == 3:  # average
            for i in range(bpp):
                cur[i] = uint8(row[i] + (prev[i] >> 1))
            for i in range(bpp, rowbytes):
                cur[i] = uint8(row[i] + ((int32(cur[i - bpp]) + int32(prev[i])) >> 1))
        elif ft == 4:  # Paeth
            for i in range(bpp):
                cur[i] = uint8(row[i] + prev[i])
            if bpp == 3:  # three colour chains side by side in registers
                a0, a1, a2 = int32(cur[0]), int32(cur[1]), int32(cur[2])
                c0, c1, c2 = int32(prev[0]), int32(prev[1]), int32(prev[2])
                for i in range(3, rowbytes, 3):
                    b0, b1, b2 = int32(prev[i]), int32(prev[i + 1]), int32(prev[i + 2])
                    if b0 == c0 and b1 == c1 and b2 == c2:
                        # the row above is flat here, so Paeth picks the left pixel (a)
                        a0 = (int32(row[i]) + a0) & 0xFF
                        a1 = (int32(row[i + 1]) + a1) & 0xFF
                        a2 = (int32(row[i + 2]) + a2) & 0xFF
                    else:
                        pa, pb, pc = abs(b0 - c0), abs(a0 - c0), abs(a0 + b0 - 2 * c0)
                        p = a0 if (pa <= pb and pa <= pc) else (b0 if pb <= pc else c0)
                        a0 = (int32(row[i]) + p) & 0xFF
                        pa, pb, pc = abs(b1 - c1), abs(a1 - c1), abs(a1 + b1 - 2 * c1)
                        p = a1 if (pa <= pb and pa <= pc) else (b1 if pb <= pc else c1)
                        a1 = (int32(row[i + 1]) + p) & 0xFF
                        pa, pb, pc = abs(b2 - c2), abs(a2 - c2), abs(a2 + b2 - 2 * c2)
                        p = a2 if (pa <= pb and pa <= pc) else (b2 if pb <= pc else c2)
                        a2 = (int32(row[i + 2]) + p) & 0xFF
                    cur[i], cur[i + 1], cur[i + 2] = a0, a1, a2
                    c0, c1, c2 = b0, b1, b2
            else:
                for i in range(bpp, rowbytes):
                    a, b, c = int32(cur[i - bpp]), int32(prev[i]), int32(prev[i - bpp])
                    pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                    p = a if (pa <= pb and pa <= pc) else (b if pb <= pc else c)
                    cur[i] = uint8(row[i] + p)
        else:
            return -1

        for i in range(rowbytes):
            colsum[i] += cur[i]
        if (y + 1) % factor != 0 and y + 1 != height:
            continue

        # the last input row of an output row: box sums across, Pillow's rounding, reset
        oy = y // factor
        box_h = y + 1 - oy * factor
        orow = out[oy].reshape(-1)
        full_w = width // factor
        first = 0
        if bpp == 3:  # the common case, channels in registers
            n = factor * box_h
            m = mults[n]
            amend = n >> 1
            # the box sums across, written out for the usual factors (~20% of the kernel's time)
            if factor == 4:
                for ox in range(full_w):
                    j = ox * 12
                    t0 = colsum[j] + colsum[j + 3] + colsum[j + 6] + colsum[j + 9]
                    t1 = colsum[j + 1] + colsum[j + 4] + colsum[j + 7] + colsum[j + 10]
                    t2 = colsum[j + 2] + colsum[j + 5] + colsum[j + 8] + colsum[j + 11]
                    orow[ox * 3] = uint8(((t0 + amend) * m) >> 24)
                    orow[ox * 3 + 1] = uint8(((t1 + amend) * m) >> 24)
                    orow[ox * 3 + 2] = uint8(((t2 + amend) * m) >> 24)
            elif factor == 5:
                for ox in range(full_w):
                    j = ox * 15
                    t0 = colsum[j] + colsum[j + 3] + colsum[j + 6] + colsum[j + 9] + colsum[j + 12]
                    t1 = (
                        colsum[j + 1]
                        + colsum[j + 4]
                        + colsum[j + 7]
                        + colsum[j + 10]
                        + colsum[j + 13]
                    )
                    t2 = (
                        colsum[j + 2]
                        + colsum[j + 5]
                        + colsum[j + 8]
                        + colsum[j + 11]
                        + colsum[j + 14]
                    )
                    orow[ox * 3] = uint8(((t0 + amend) * m) >> 24)
                    orow[ox * 3 + 1] = uint8(((t1 + amend) * m) >> 24)
                    orow[ox * 3 + 2] = uint8(((t2 + amend) * m) >> 24)
            elif factor == 3:
                for ox in range(full_w):
                    j = ox * 9
                    t0 = colsum[j] + colsum[j + 3] + colsum[j + 6]
                    t1 = colsum[j + 1] + colsum[j + 4] + colsum[j + 7]
                    t2 = colsum[j + 2] + colsum[j + 5] + colsum[j + 8]
                    orow[ox * 3] = uint8(((t0 + amend) * m) >> 24)
                    orow[ox * 3 + 1] = uint8(((t1 + amend) * m) >> 24)
                    orow[ox * 3 + 2] = uint8(((t2 + amend) * m) >> 24)
            else:
                j = 0
                for ox in range(full_w):
                    s0_, s1_, s2_ = amend, amend, amend
                    for _k in range(factor):
                        s0_ += colsum[j]
                        s1_ += colsum[j + 1]
                        s2_ += colsum[j + 2]
                        j += 3
                    orow[ox * 3] = uint8((s0_ * m) >> 24)
                    orow[ox * 3 + 1] = uint8((s1_ * m) >> 24)
                    orow[ox * 3 + 2] = uint8((s2_ * m) >> 24)
            first = full_w
        for ox in range(first, out.shape[1]):  # other band counts, and a narrower last box
            x1 = ox * factor
            box_w = min(factor, width - x1)
            n = box_w * box_h
            m = mults[n]
            for ch in range(bpp):
                s = n >> 1
                j = x1 * bpp + ch
                for _k in range(box_w):
                    s += colsum[j]
                    j += bpp
                orow[ox * bpp + ch] = uint8(((s * m) & 0xFFFFFFFF) >> 24)
        for i in range(rowbytes):
            colsum[i] = 0
    return 0
