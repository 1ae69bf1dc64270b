"""Render the demo case's screenshots: a fake-customer-service scam, in Chinese.

Everything here is invented for the demo: the names, the account numbers, the QQ number and the
phone number are made up (the phone number uses the 170 virtual-operator range). Run with
``python resources/demo/render_demo.py`` to rebuild the PNGs beside this file.
Font: Noto Sans CJK (fonts-noto-cjk), which has CJK and Latin glyphs.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FONT_BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
W, H = 720, 1480


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_BOLD if bold and Path(FONT_BOLD).exists() else FONT, size)


def status_bar(d: ImageDraw.ImageDraw, clock: str, dark: bool = False) -> None:
    fg = (240, 240, 240) if dark else (30, 30, 30)
    d.text((28, 14), clock, font=font(26, True), fill=fg)
    d.text((W - 130, 14), "5G  87%", font=font(24), fill=fg)


def wrap(text: str, f, width: int) -> list[str]:
    lines, cur = [], ""
    for ch in text:
        if f.getlength(cur + ch) > width:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        lines.append(cur)
    return lines


def chat(name: str, clock: str, messages: list[tuple[str, str]], out: str) -> None:
    """messages: (who, text) with who in other/self/time."""
    im = Image.new("RGB", (W, H), (237, 237, 237))
    d = ImageDraw.Draw(im)
    status_bar(d, clock)
    d.rectangle((0, 60, W, 150), fill=(247, 247, 247))
    d.text((W // 2, 105), name, font=font(32, True), fill=(20, 20, 20), anchor="mm")
    d.text((30, 105), "<", font=font(40), fill=(20, 20, 20), anchor="lm")
    y = 190
    f = font(30)
    for who, text in messages:
        if who == "time":
            d.text((W // 2, y), text, font=font(24), fill=(150, 150, 150), anchor="mm")
            y += 60
            continue
        lines = wrap(text, f, 440)
        bw = int(max(f.getlength(line) for line in lines)) + 40
        bh = len(lines) * 44 + 24
        if who == "other":
            d.rounded_rectangle((30, y, 100, y + 70), 8, fill=(92, 140, 214))
            d.text((65, y + 35), "客", font=font(30, True), fill="white", anchor="mm")
            x0 = 120
            d.rounded_rectangle((x0, y, x0 + bw, y + bh), 10, fill="white")
        else:
            d.rounded_rectangle((W - 100, y, W - 30, y + 70), 8, fill=(120, 170, 120))
            d.text((W - 65, y + 35), "我", font=font(30, True), fill="white", anchor="mm")
            x0 = W - 120 - bw
            d.rounded_rectangle((x0, y, x0 + bw, y + bh), 10, fill=(149, 236, 105))
        for n, line in enumerate(lines):
            d.text((x0 + 20, y + 12 + n * 44), line, font=f, fill=(20, 20, 20))
        y += max(bh, 70) + 34
    d.rectangle((0, H - 110, W, H), fill=(247, 247, 247))
    d.rounded_rectangle((30, H - 90, W - 140, H - 25), 8, fill="white")
    im.save(HERE / out, optimize=True)


def transfer(clock: str, amount: str, fields: list[tuple[str, str]], out: str) -> None:
    im = Image.new("RGB", (W, H), (245, 245, 245))
    d = ImageDraw.Draw(im)
    status_bar(d, clock)
    d.text((W // 2, 105), "账单详情", font=font(32, True), fill=(20, 20, 20), anchor="mm")
    d.rectangle((0, 160, W, 1380), fill="white")
    d.ellipse((W // 2 - 45, 200, W // 2 + 45, 290), fill=(22, 119, 255))
    d.text((W // 2, 245), "转", font=font(40, True), fill="white", anchor="mm")
    d.text((W // 2, 330), "转账-" + fields[0][1], font=font(30), fill=(60, 60, 60), anchor="mm")
    d.text((W // 2, 410), amount, font=font(64, True), fill=(20, 20, 20), anchor="mm")
    d.text((W // 2, 480), "交易成功", font=font(28), fill=(120, 120, 120), anchor="mm")
    y = 560
    for label, value in fields:
        d.text((40, y), label, font=font(28), fill=(130, 130, 130))
        d.text((W - 40, y), value, font=font(28), fill=(30, 30, 30), anchor="ra")
        y += 72
    im.save(HERE / out, optimize=True)


def profile(clock: str, out: str) -> None:
    im = Image.new("RGB", (W, H), (255, 255, 255))
    d = ImageDraw.Draw(im)
    status_bar(d, clock)
    d.rounded_rectangle((40, 120, 180, 260), 12, fill=(92, 140, 214))
    d.text((110, 190), "客", font=font(64, True), fill="white", anchor="mm")
    d.text((210, 140), "抖音官方客服-小王", font=font(36, True), fill=(20, 20, 20))
    d.text((210, 200), "QQ号：2837465910", font=font(28), fill=(90, 90, 90))
    d.text((210, 240), "地区：浙江 杭州", font=font(28), fill=(90, 90, 90))
    d.line((40, 300, W - 40, 300), fill=(230, 230, 230), width=2)
    d.text((40, 330), "个性签名：抖音电商官方售后，专人为您服务", font=font(28), fill=(60, 60, 60))
    d.text((40, 400), "来源：通过搜索QQ号添加", font=font(28), fill=(60, 60, 60))
    d.rounded_rectangle((40, 520, W - 40, 610), 10, fill=(22, 119, 255))
    d.text((W // 2, 565), "发消息", font=font(32, True), fill="white", anchor="mm")
    im.save(HERE / out, optimize=True)


def call_log(clock: str, out: str) -> None:
    im = Image.new("RGB", (W, H), (255, 255, 255))
    d = ImageDraw.Draw(im)
    status_bar(d, clock)
    d.text((40, 90), "最近通话", font=font(40, True), fill=(20, 20, 20))
    rows = [
        ("170 3361 2805", "呼入 12分35秒", "10月14日 22:41"),
        ("170 3361 2805", "未接来电", "10月14日 22:38"),
        ("妈妈", "呼出 3分02秒", "10月13日 19:20"),
    ]
    y = 190
    for who, what, when in rows:
        d.text((40, y), who, font=font(34), fill=(20, 20, 20))
        d.text((40, y + 50), what, font=font(26), fill=(120, 120, 120))
        d.text((W - 40, y + 20), when, font=font(26), fill=(120, 120, 120), anchor="ra")
        y += 130
        d.line((40, y - 20, W - 40, y - 20), fill=(235, 235, 235), width=2)
    im.save(HERE / out, optimize=True)


def main() -> None:
    call_log("22:55", "Screenshot_20241014-225512_Phone.png")
    chat(
        "抖音官方客服-小王",
        "23:02",
        [
            ("time", "10月14日 22:50"),
            (
                "other",
                "您好，我是抖音电商官方客服。系统显示您开通了直播会员服务，每月自动扣费800元。",
            ),
            ("self", "我没有开通过啊"),
            ("other", "可能是误操作开通的。如果不关闭，今天就会从您的银行卡扣款，还会影响征信。"),
            ("other", "关闭需要验证您的资金情况，请先下载QQ加我：2837465910，我一步步教您操作。"),
            ("self", "好的，我已经加了"),
        ],
        "Screenshot_20241014-230215_Chat.png",
    )
    profile("23:05", "Screenshot_20241014-230530_QQ.png")
    chat(
        "抖音官方客服-小王",
        "23:40",
        [
            ("time", "10月14日 23:20"),
            ("other", "为了验明资金，请把银行卡里的钱先转到监管账户，验证完成后30分钟内原路退回。"),
            (
                "other",
                "收款人：李建明，账号 6222 0212 3456 7890 123，工商银行。不要告诉任何人，否则验证失败。",
            ),
            ("self", "已经转了5000"),
            ("other", "系统显示还差8000元才能解冻，请马上处理。"),
            ("self", "又转了8000，什么时候退回？"),
        ],
        "Screenshot_20241014-234012_Chat.png",
    )
    transfer(
        "23:36",
        "-5,000.00",
        [
            ("收款人", "李建明"),
            ("收款账户", "6222 0212 3456 7890 123"),
            ("收款银行", "中国工商银行"),
            ("付款方式", "招商银行储蓄卡(8821)"),
            ("转账时间", "2024-10-14 23:35:05"),
            ("订单号", "20241014233505128877"),
        ],
        "Screenshot_20241014-233612_Alipay.png",
    )
    transfer(
        "23:39",
        "-8,000.00",
        [
            ("收款人", "李建明"),
            ("收款账户", "6222 0212 3456 7890 123"),
            ("收款银行", "中国工商银行"),
            ("付款方式", "招商银行储蓄卡(8821)"),
            ("转账时间", "2024-10-14 23:38:41"),
            ("订单号", "20241014233841903316"),
        ],
        "Screenshot_20241014-233902_Alipay.png",
    )


if __name__ == "__main__":
    main()
