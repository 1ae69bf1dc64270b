"""Synthetic chat screenshots with exact ground truth.

WeChat-, QQ-, WhatsApp- and Telegram-like layouts, light and dark mode, status bar with clock
and battery, avatars, emoji (drawn as pictures), time separators and system notices, transfer
cards, Chinese, English and mixed text in several fonts and sizes. A conversation is rendered
once on a tall canvas and cut into overlapping phone-sized screenshots, like a person scrolling
and pressing the screenshot buttons: the windows share messages, which tests merging.

    samples = render_chat_corpus(seed=1, conversations=20)
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass

from PIL import Image, ImageDraw

from benchmarks.synth.common import (
    Sample,
    TruthLine,
    account_number,
    amount,
    clock_text,
    draw_avatar,
    draw_emoji,
    draw_status_bar,
    font,
    font_label,
    phone_number,
    text_box,
    wrap,
)

SCREEN_SIZES = [(1080, 2340), (1080, 2400), (1170, 2532), (720, 1600), (1080, 1920)]


@dataclass(frozen=True)
class Theme:
    app: str
    dark: bool
    bg: tuple
    self_bubble: tuple
    other_bubble: tuple
    self_text: tuple
    other_text: tuple
    meta_text: tuple  # time separators, notices, in-bubble times
    bar_bg: tuple  # status bar and header
    bar_text: tuple
    notice_pill: tuple | None
    avatars: bool
    in_bubble_time: bool
    round_avatar: bool = False
    sender_names: bool = False


THEMES = {
    ("wechat", False): Theme(
        "wechat",
        False,
        (237, 237, 237),
        (149, 236, 105),
        (255, 255, 255),
        (17, 17, 17),
        (17, 17, 17),
        (150, 150, 150),
        (237, 237, 237),
        (17, 17, 17),
        None,
        True,
        False,
    ),
    ("wechat", True): Theme(
        "wechat",
        True,
        (17, 17, 17),
        (62, 181, 117),
        (44, 44, 44),
        (17, 17, 17),
        (213, 213, 213),
        (110, 110, 110),
        (23, 23, 23),
        (213, 213, 213),
        None,
        True,
        False,
    ),
    ("qq", False): Theme(
        "qq",
        False,
        (241, 242, 246),
        (0, 153, 255),
        (255, 255, 255),
        (255, 255, 255),
        (20, 20, 20),
        (153, 153, 153),
        (241, 242, 246),
        (20, 20, 20),
        (226, 228, 233),
        True,
        False,
        True,
        True,
    ),
    ("qq", True): Theme(
        "qq",
        True,
        (16, 16, 16),
        (0, 110, 200),
        (38, 38, 40),
        (240, 240, 240),
        (220, 220, 220),
        (120, 120, 120),
        (24, 24, 24),
        (220, 220, 220),
        (40, 40, 42),
        True,
        False,
        True,
        True,
    ),
    ("whatsapp", False): Theme(
        "whatsapp",
        False,
        (236, 229, 221),
        (220, 248, 198),
        (255, 255, 255),
        (17, 27, 33),
        (17, 27, 33),
        (102, 119, 129),
        (0, 128, 105),
        (255, 255, 255),
        (225, 245, 254),
        False,
        True,
    ),
    ("whatsapp", True): Theme(
        "whatsapp",
        True,
        (11, 20, 26),
        (0, 92, 75),
        (32, 44, 51),
        (233, 237, 239),
        (233, 237, 239),
        (134, 150, 160),
        (31, 44, 52),
        (233, 237, 239),
        (24, 34, 41),
        False,
        True,
    ),
    ("telegram", False): Theme(
        "telegram",
        False,
        (168, 196, 140),
        (239, 253, 222),
        (255, 255, 255),
        (0, 0, 0),
        (0, 0, 0),
        (110, 130, 100),
        (81, 125, 162),
        (255, 255, 255),
        (140, 170, 120),
        False,
        True,
    ),
    ("telegram", True): Theme(
        "telegram",
        True,
        (14, 22, 33),
        (43, 82, 120),
        (24, 37, 51),
        (245, 245, 245),
        (245, 245, 245),
        (120, 140, 160),
        (23, 33, 43),
        (245, 245, 245),
        (30, 44, 58),
        False,
        True,
    ),
}

CONTACTS_ZH = [
    "李经理",
    "客服小王",
    "投资导师张老师",
    "王芳",
    "快递理赔专员",
    "刷单客服-小美",
    "陈先生",
    "平台客服",
]
CONTACTS_EN = ["Support Team", "Anna", "Mr. Chen", "Crypto Mentor", "Delivery Service", "David Lee"]

OTHER_ZH = [
    "您好，我是抖音官方客服，您的账户存在异常",
    "请问是{name}本人吗？",
    "您之前开通了百万保障服务，每月会自动扣费{amt}元",
    "如果不取消，将会影响您的征信记录",
    "请您按照我的指引操作，先下载一个会议软件",
    "现在需要您把资金转到安全账户进行验证",
    "账户：{acct}，户名：刘建国，开户行：中国农业银行",
    "验证完成后资金会在24小时内原路退回",
    "做任务很简单，点赞一单返佣金{amt}元",
    "这是我们平台的官方网址 https://vip-{n}.cc 请注册",
    "导师带单，稳赚不赔，今天收益率达到百分之三十",
    "您的提现失败了，需要缴纳保证金{amt}元才能解冻",
    "请不要告诉任何人，包括您的家人，否则会影响处理",
    "好的，已经收到您的转账",
    "系统显示您的银行卡号填写错误，资金已被冻结",
    "联系电话 {phone} 有问题随时找我",
    "明天上午十点前必须完成，不然就来不及了",
    "亲，您购买的商品有质量问题，我们给您双倍赔偿",
    "扫描下方二维码添加理赔专员微信",
    "还差最后一步，再充值{amt}元就可以全部提现",
]
SELF_ZH = [
    "我不是很明白，要怎么操作？",
    "好的",
    "已经转过去了，你看一下",
    "为什么还要交钱？",
    "我上次已经交了{amt}元了",
    "这个网站打不开",
    "我现在只有这么多了",
    "你们到底是不是官方的？",
    "我要报警了",
    "行，我再想想办法",
    "收到，谢谢",
    "我的钱什么时候能退回来？",
    "我刚才转了{amt}，截图发你了",
    "嗯嗯",
]
OTHER_EN = [
    "Hello, this is customer service. Your account shows unusual activity.",
    "To protect your funds, please transfer them to a safe account.",
    "Account {acct}, bank: HSBC, name: Wang Lei",
    "Your parcel is held at customs, a fee of ${amt} is required.",
    "Visit https://secure-{n}.top to verify your identity",
    "Our mentor guarantees 30% profit every week.",
    "Please do not tell anyone, it will delay the process.",
    "Call me at +1 {phone} if you have questions",
    "Withdrawal failed. Pay the tax of ${amt} to unlock it.",
    "OK, received.",
]
SELF_EN = [
    "I don't understand, what should I do?",
    "OK",
    "I just sent ${amt}, please check",
    "Why do I have to pay again?",
    "The website does not open",
    "When will I get my money back?",
    "Thanks",
    "Is this really the official support?",
]
NOTICES_ZH = [
    "你已添加了{name}，现在可以开始聊天了。",
    "以上是打招呼的内容",
    "对方撤回了一条消息",
    "“{name}”撤回了一条消息",
]
NOTICES_EN = ["Messages and calls are end-to-end encrypted.", "{name} joined the chat"]


def fill(template: str, rng: random.Random, name: str) -> str:
    return template.format(
        amt=amount(rng),
        acct=account_number(rng),
        phone=phone_number(rng),
        n=rng.randrange(100, 999),
        name=name,
    )


def time_separator(rng: random.Random, lang: str, app: str) -> str:
    h, m, _ = clock_text(rng)
    if lang == "en":
        options = [
            f"{(h % 12) or 12}:{m:02d} {'AM' if h < 12 else 'PM'}",
            f"Yesterday {h}:{m:02d}",
            f"March {rng.randrange(1, 29)}",
            "TODAY",
        ]
    else:
        noon = "上午" if h < 12 else "下午"
        options = [
            f"{h}:{m:02d}",
            f"昨天 {h}:{m:02d}",
            f"{rng.randrange(2023, 2026)}年{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日 {noon}{(h % 12) or 12}:{m:02d}",
            f"星期{rng.choice('一二三四五六日')} {h}:{m:02d}",
        ]
    return rng.choice(options)


def make_conversation(
    rng: random.Random, lang: str, n: int, name: str, app: str = "wechat"
) -> list[dict]:
    """A list of {"kind": "text"|"transfer"|"time"|"notice", "speaker", "text"}."""
    items: list[dict] = []
    if rng.random() < 0.4:
        pool = NOTICES_EN if lang == "en" else NOTICES_ZH
        items.append(
            {"kind": "notice", "speaker": "system", "text": fill(rng.choice(pool), rng, name)}
        )
    for i in range(n):
        if i % rng.choice([3, 4, 5]) == 0:
            items.append(
                {"kind": "time", "speaker": "system", "text": time_separator(rng, lang, "")}
            )
        speaker = rng.choice(["other", "other", "self"])
        use_en = lang == "en" or (lang == "mixed" and rng.random() < 0.4)
        if rng.random() < 0.08 and not use_en and app in ("wechat", "qq"):
            items.append(
                {
                    "kind": "transfer",
                    "speaker": speaker,
                    "text": f"¥{amount(rng)}",
                    "status": rng.choice(["请收款", "已收款", "你已收款"]),
                }
            )
            continue
        pool = (
            (OTHER_EN if speaker == "other" else SELF_EN)
            if use_en
            else (OTHER_ZH if speaker == "other" else SELF_ZH)
        )
        text = fill(rng.choice(pool), rng, name)
        if rng.random() < 0.15 and len(text) < 40:
            text = text + ("，" if not use_en else " ") + fill(rng.choice(pool), rng, name)
        items.append(
            {"kind": "text", "speaker": speaker, "text": text, "emoji": rng.random() < 0.12}
        )
    return items


class ChatRenderer:
    def __init__(
        self, rng: random.Random, theme: Theme, width: int, family: int, text_size: int, lang: str
    ):
        self.rng = rng
        self.t = theme
        self.w = width
        self.family = family
        self.size = text_size
        self.lang = lang
        s = width / 1080
        self.s = s
        self.margin = int(28 * s)
        self.avatar = int(118 * s) if theme.avatars else 0
        self.pad_x = int(30 * s)
        self.pad_y = int(24 * s)
        self.gap = int(34 * s)
        self.line_gap = int(text_size * 0.38)
        self.max_text = int(width * (0.58 if theme.avatars else 0.68))
        self.avatars: dict[str, int] = {
            "other": rng.randrange(1 << 30),
            "self": rng.randrange(1 << 30),
        }

    # A message is drawn on its own strip; returns (strip image, truth lines in strip coords).
    def render_items(
        self, items: list[dict], contact: str
    ) -> tuple[Image.Image, list[TruthLine], list[list[int]]]:
        strips = []
        for no, item in enumerate(items):
            strips.append(self.render_item(item, no, contact))
        total = sum(s[0].height for s in strips) + self.gap * (len(strips) + 1)
        canvas = Image.new("RGB", (self.w, total), self.t.bg)
        lines: list[TruthLine] = []
        spans: list[list[int]] = []
        y = self.gap
        for strip, strip_lines in strips:
            canvas.paste(strip, (0, y))
            for ln in strip_lines:
                x0, y0, x1, y1 = ln.box
                lines.append(
                    TruthLine(ln.text, (x0, y0 + y, x1, y1 + y), ln.speaker, ln.tag, ln.message_no)
                )
            spans.append([y, y + strip.height])
            y += strip.height + self.gap
        return canvas, lines, spans

    def render_item(self, item: dict, no: int, contact: str) -> tuple[Image.Image, list[TruthLine]]:
        if item["kind"] in ("time", "notice"):
            return self.render_centred(item, no)
        if item["kind"] == "transfer":
            return self.render_transfer(item, no)
        return self.render_bubble(item, no, contact)

    def render_centred(self, item: dict, no: int):
        size = int(self.size * 0.72)
        fnt = font(size, self.family)
        text_lines = wrap(item["text"], fnt, int(self.w * 0.7))
        lh = int(size * 1.45)
        h = lh * len(text_lines) + 2 * int(12 * self.s)
        strip = Image.new("RGB", (self.w, h), self.t.bg)
        draw = ImageDraw.Draw(strip)
        widths = [int(fnt.getlength(t)) for t in text_lines]
        if self.t.notice_pill is not None or (
            item["kind"] == "notice" and self.t.app == "wechat" and self.rng.random() < 0.5
        ):
            pill = self.t.notice_pill or ((220, 220, 220) if not self.t.dark else (40, 40, 40))
            pw = max(widths) + 2 * int(24 * self.s)
            draw.rounded_rectangle(
                ((self.w - pw) // 2, 0, (self.w + pw) // 2, h), radius=int(14 * self.s), fill=pill
            )
        out = []
        for i, (t, tw) in enumerate(zip(text_lines, widths, strict=True)):
            x = (self.w - tw) // 2
            y = int(12 * self.s) + i * lh
            draw.text((x, y), t, font=fnt, fill=self.t.meta_text)
            out.append(
                TruthLine(
                    t,
                    text_box(draw, (x, y), t, fnt),
                    "system",
                    "time" if item["kind"] == "time" else "notice",
                    no,
                )
            )
        return strip, out

    def bubble_colors(self, speaker: str):
        if speaker == "self":
            return self.t.self_bubble, self.t.self_text
        return self.t.other_bubble, self.t.other_text

    def render_bubble(self, item: dict, no: int, contact: str):
        speaker = item["speaker"]
        fnt = font(self.size, self.family)
        text_lines = wrap(item["text"], fnt, self.max_text)
        emoji = item.get("emoji")
        lh = int(self.size * 1.0) + self.line_gap
        widths = [int(fnt.getlength(t)) for t in text_lines]
        es = int(self.size * 1.1)
        if emoji:
            widths[-1] += es + int(6 * self.s)
            if widths[-1] > self.max_text:
                text_lines.append("")
                widths.append(es)
        time_str = None
        tsize = int(self.size * 0.62)
        tfnt = font(tsize, self.family)
        extra_h = 0
        if self.t.in_bubble_time:
            _, _, time_str = clock_text(self.rng)
            extra_h = int(tsize * 1.3)
        name_h = 0
        name = None
        if self.t.sender_names and speaker == "other":
            name = contact
            name_h = int(self.size * 0.95)
        bw = (
            max(max(widths), int(tfnt.getlength(time_str or "")) if time_str else 0)
            + 2 * self.pad_x
        )
        bh = lh * len(text_lines) - self.line_gap + 2 * self.pad_y + extra_h
        h = max(bh + name_h, self.avatar)
        strip = Image.new("RGB", (self.w, h), self.t.bg)
        draw = ImageDraw.Draw(strip)
        bubble, text_colour = self.bubble_colors(speaker)
        out: list[TruthLine] = []
        if speaker == "other":
            ax0 = self.margin
            bx0 = ax0 + (self.avatar + int(22 * self.s) if self.avatar else 0)
        else:
            ax0 = self.w - self.margin - self.avatar
            bx0 = (ax0 - int(22 * self.s) if self.avatar else self.w - self.margin) - bw
        if self.avatar:
            av_rng = random.Random(self.avatars[speaker])
            draw_avatar(
                strip,
                (ax0, 0, ax0 + self.avatar, self.avatar),
                av_rng,
                radius=self.avatar // 2 if self.t.round_avatar else int(10 * self.s),
            )
        by0 = name_h
        if name:
            nf = font(int(self.size * 0.62), self.family)
            draw.text((bx0 + int(6 * self.s), 0), name, font=nf, fill=self.t.meta_text)
            out.append(
                TruthLine(
                    name,
                    text_box(draw, (bx0 + int(6 * self.s), 0), name, nf),
                    "other",
                    "sender_name",
                    no,
                )
            )
        draw.rounded_rectangle((bx0, by0, bx0 + bw, by0 + bh), radius=int(16 * self.s), fill=bubble)
        if self.t.app == "wechat":  # the little tail
            ty = by0 + int(self.size * 0.8)
            tl = int(12 * self.s)
            if speaker == "other":
                draw.polygon([(bx0 - tl, ty), (bx0 + 1, ty - tl), (bx0 + 1, ty + tl)], fill=bubble)
            else:
                draw.polygon(
                    [(bx0 + bw + tl, ty), (bx0 + bw - 1, ty - tl), (bx0 + bw - 1, ty + tl)],
                    fill=bubble,
                )
        y = by0 + self.pad_y
        for i, t in enumerate(text_lines):
            x = bx0 + self.pad_x
            if t:
                # place the glyphs so their em box is centred in the line
                draw.text((x, y), t, font=fnt, fill=text_colour)
                out.append(TruthLine(t, text_box(draw, (x, y), t, fnt), speaker, None, no))
            if emoji and i == len(text_lines) - 1:
                ex = x + (int(fnt.getlength(t)) + int(6 * self.s) if t else 0)
                draw_emoji(draw, ex, y + int(self.size * 0.05), es, self.rng)
            y += lh
        if time_str:
            tx = bx0 + bw - self.pad_x // 2 - int(tfnt.getlength(time_str))
            ty = by0 + bh - extra_h - int(self.pad_y * 0.4)
            draw.text((tx, ty), time_str, font=tfnt, fill=self.t.meta_text)
            out.append(
                TruthLine(
                    time_str, text_box(draw, (tx, ty), time_str, tfnt), speaker, "message_time", no
                )
            )
        return strip, out

    def render_transfer(self, item: dict, no: int):
        speaker = item["speaker"]
        s = self.s
        cw, ch = int(560 * s), int(230 * s)
        h = max(ch, self.avatar)
        strip = Image.new("RGB", (self.w, h), self.t.bg)
        draw = ImageDraw.Draw(strip)
        if speaker == "other":
            ax0 = self.margin
            cx0 = ax0 + self.avatar + int(22 * s)
        else:
            ax0 = self.w - self.margin - self.avatar
            cx0 = ax0 - int(22 * s) - cw
        if self.avatar:
            draw_avatar(
                strip,
                (ax0, 0, ax0 + self.avatar, self.avatar),
                random.Random(self.avatars[speaker]),
                radius=int(10 * s),
            )
        orange = (250, 157, 59) if item["status"] == "请收款" else (252, 205, 150)
        draw.rounded_rectangle((cx0, 0, cx0 + cw, ch), radius=int(14 * s), fill=orange)
        foot = int(60 * s)
        draw.rectangle((cx0, ch - foot, cx0 + cw, ch - int(14 * s)), fill=orange)
        draw.rounded_rectangle(
            (cx0, ch - foot, cx0 + cw, ch),
            radius=int(14 * s),
            fill=(255, 255, 255) if not self.t.dark else (44, 44, 44),
        )
        draw.rectangle(
            (cx0, ch - foot, cx0 + cw, ch - foot + int(14 * s)),
            fill=(255, 255, 255) if not self.t.dark else (44, 44, 44),
        )
        # the arrows icon
        ix = cx0 + int(36 * s)
        draw.ellipse(
            (ix, int(40 * s), ix + int(84 * s), int(124 * s)),
            outline=(255, 255, 255),
            width=max(2, int(5 * s)),
        )
        out = []
        big = font(int(self.size * 1.0), self.family)
        small = font(int(self.size * 0.66), self.family)
        tx = ix + int(110 * s)
        draw.text((tx, int(32 * s)), item["text"], font=big, fill=(255, 255, 255))
        out.append(
            TruthLine(
                item["text"],
                text_box(draw, (tx, int(32 * s)), item["text"], big),
                speaker,
                "transfer",
                no,
            )
        )
        draw.text((tx, int(102 * s)), item["status"], font=small, fill=(255, 255, 255))
        out.append(
            TruthLine(
                item["status"],
                text_box(draw, (tx, int(102 * s)), item["status"], small),
                speaker,
                "transfer",
                no,
            )
        )
        ft = "微信转账"
        fx, fy = cx0 + int(30 * s), ch - foot + int(12 * s)
        draw.text((fx, fy), ft, font=small, fill=(150, 150, 150))
        out.append(TruthLine(ft, text_box(draw, (fx, fy), ft, small), speaker, "transfer", no))
        return strip, out


def draw_header(
    im: Image.Image, theme: Theme, y0: int, height: int, title: str, family: int, lang: str
) -> list[TruthLine]:
    draw = ImageDraw.Draw(im)
    w = im.width
    s = w / 1080
    draw.rectangle((0, y0, w, y0 + height), fill=theme.bar_bg)
    fnt = font(int(50 * s), family, bold=theme.app in ("whatsapp", "telegram"))
    # back arrow
    ax, ay = int(40 * s), y0 + height // 2
    draw.line(
        [(ax + int(24 * s), ay - int(24 * s)), (ax, ay), (ax + int(24 * s), ay + int(24 * s))],
        fill=theme.bar_text,
        width=max(2, int(5 * s)),
    )
    out = []
    if theme.app in ("wechat", "qq"):
        tw = fnt.getlength(title)
        x = (w - tw) / 2
        bb = draw.textbbox((0, 0), title, font=fnt)
        y = y0 + height // 2 - (bb[1] + bb[3]) // 2
        draw.text((x, y), title, font=fnt, fill=theme.bar_text)
        out.append(TruthLine(title, text_box(draw, (x, y), title, fnt), None, "header"))
        for i in range(3):  # the "..." menu
            cx = w - int(60 * s) + i * int(16 * s) - int(16 * s)
            draw.ellipse((cx - 4 * s, ay - 4 * s, cx + 4 * s, ay + 4 * s), fill=theme.bar_text)
    else:
        av = int(height * 0.62)
        draw_avatar(
            im,
            (int(100 * s), ay - av // 2, int(100 * s) + av, ay + av // 2),
            random.Random(zlib.crc32(title.encode()) & 0xFFFF),
            radius=av // 2,
        )
        x = int(100 * s) + av + int(28 * s)
        y = ay - int(58 * s)
        draw.text((x, y), title, font=fnt, fill=theme.bar_text)
        out.append(TruthLine(title, text_box(draw, (x, y), title, fnt), None, "header"))
        sub = "online" if lang == "en" else "在线"
        sf = font(int(36 * s), family)
        draw.text((x, ay + int(8 * s)), sub, font=sf, fill=theme.bar_text)
        out.append(TruthLine(sub, text_box(draw, (x, ay + int(8 * s)), sub, sf), None, "header"))
    return out


def draw_input_bar(
    im: Image.Image, theme: Theme, y0: int, lang: str, family: int
) -> list[TruthLine]:
    draw = ImageDraw.Draw(im)
    w, h = im.size
    s = w / 1080
    bar = theme.bar_bg if theme.app in ("wechat", "qq") else theme.bg
    draw.rectangle((0, y0, w, h), fill=bar if theme.app != "whatsapp" else theme.bg)
    field_bg = (255, 255, 255) if not theme.dark else (40, 40, 40)
    fx0, fx1 = int(120 * s), w - int(240 * s)
    fy0, fy1 = y0 + int(24 * s), y0 + int(110 * s)
    draw.rounded_rectangle((fx0, fy0, fx1, fy1), radius=int(16 * s), fill=field_bg)
    for cx in (int(60 * s), w - int(180 * s), w - int(70 * s)):
        draw.ellipse(
            (
                cx - int(30 * s),
                (fy0 + fy1) // 2 - int(30 * s),
                cx + int(30 * s),
                (fy0 + fy1) // 2 + int(30 * s),
            ),
            outline=theme.meta_text,
            width=max(2, int(4 * s)),
        )
    out = []
    if theme.app in ("whatsapp", "telegram"):
        ph = "Message" if lang == "en" else "消息"
        f = font(int(42 * s), family)
        draw.text((fx0 + int(30 * s), fy0 + int(18 * s)), ph, font=f, fill=theme.meta_text)
        out.append(
            TruthLine(
                ph, text_box(draw, (fx0 + int(30 * s), fy0 + int(18 * s)), ph, f), None, "input"
            )
        )
    return out


def safe_cut(lines: list[TruthLine], y: int, direction: int) -> int:
    """Move y (canvas coordinate) to the nearest spot that does not cut through a text line."""
    for _ in range(400):
        if not any(ln.box[1] - 4 <= y <= ln.box[3] + 4 for ln in lines):
            return y
        y += direction * 6
    return y


def render_chat(
    seed: int,
    *,
    app: str | None = None,
    dark: bool | None = None,
    lang: str | None = None,
    shots: int | None = None,
    size=None,
) -> list[Sample]:
    """Render one conversation as 1-3 overlapping screenshots."""
    rng = random.Random(seed)
    app = app or rng.choice(["wechat", "wechat", "qq", "whatsapp", "telegram"])
    dark = rng.random() < 0.35 if dark is None else dark
    lang = lang or rng.choice(["zh", "zh", "zh", "en", "mixed"])
    theme = THEMES[(app, dark)]
    w, h = size or rng.choice(SCREEN_SIZES)
    family = rng.randrange(3)
    text_size = int(rng.choice([40, 44, 46, 48, 52]) * w / 1080)
    shots = shots or rng.choice([1, 1, 2, 3])
    contact = rng.choice(CONTACTS_EN if lang == "en" else CONTACTS_ZH)
    items = make_conversation(rng, lang, rng.randrange(5, 9) * shots, contact, app)
    renderer = ChatRenderer(rng, theme, w, family, text_size, lang)
    canvas, lines, _spans = renderer.render_items(items, contact)

    s = w / 1080
    status_h = int(rng.choice([72, 84, 96]) * s)
    header_h = int(140 * s)
    input_h = int(140 * s)
    view_h = h - status_h - header_h - input_h
    _, _, clock = clock_text(rng)
    battery = rng.randrange(8, 100)
    style = "ios" if w == 1170 else "android"

    # window offsets: the last shot shows the end of the chat; earlier ones overlap by ~30-50 %
    offsets = []
    end = max(canvas.height - view_h, 0)
    step = int(view_h * rng.uniform(0.5, 0.7))
    for i in range(shots):
        offsets.append(max(end - (shots - 1 - i) * step, 0))
    samples = []
    conv_id = f"{app}-{seed}"
    for k, off in enumerate(offsets):
        top = safe_cut(lines, off, -1) if off > 0 else 0
        top = max(top, 0)
        bottom = safe_cut(lines, top + view_h, -1)
        im = Image.new("RGB", (w, h), theme.bg)
        window = canvas.crop((0, top, w, min(bottom, canvas.height)))
        im.paste(window, (0, status_h + header_h))
        truth = draw_status_bar(
            im,
            rng,
            height=status_h,
            bg=theme.bar_bg,
            fg=theme.bar_text,
            clock=clock,
            battery=battery,
            style=style,
            family=family,
        )
        truth += draw_header(im, theme, status_h, header_h, contact, family, lang)
        dy = status_h + header_h - top
        visible_msgs: dict[int, list[str]] = {}
        for ln in lines:
            if ln.box[1] >= top and ln.box[3] <= bottom:
                x0, y0, x1, y1 = ln.box
                truth.append(
                    TruthLine(
                        ln.text, (x0, y0 + dy, x1, y1 + dy), ln.speaker, ln.tag, ln.message_no
                    )
                )
                if ln.tag not in ("message_time", "sender_name"):
                    visible_msgs.setdefault(ln.message_no, []).append(ln.text)
        # blank the part of the view below the cut, as the phone would show the next messages
        # there: we keep it simple and paint the background (no partial text lines)
        ImageDraw.Draw(im).rectangle(
            (0, status_h + header_h + (bottom - top), w, h - input_h), fill=theme.bg
        )
        truth += draw_input_bar(im, theme, h - input_h, lang, family)
        messages = [
            {
                "message_no": no,
                "speaker": items[no]["speaker"],
                "text": "".join(parts) if lang != "en" else " ".join(parts),
            }
            for no, parts in sorted(visible_msgs.items())
        ]
        samples.append(
            Sample(
                name=f"chat_{app}_{'dark' if dark else 'light'}_{seed:04d}_{k}",
                kind="chat",
                image=im,
                lines=truth,
                meta={
                    "app": app,
                    "dark": dark,
                    "lang": lang,
                    "font": font_label(family),
                    "text_size": text_size,
                    "shot": k,
                    "of": shots,
                },
                conversation=conv_id if shots > 1 else None,
                messages=messages,
            )
        )
    return samples


def render_chat_corpus(seed: int = 1, conversations: int = 24) -> list[Sample]:
    """Conversations covering every app in light and dark mode; deterministic for a seed."""
    out: list[Sample] = []
    combos = [(a, d) for a in ("wechat", "qq", "whatsapp", "telegram") for d in (False, True)]
    for i in range(conversations):
        app, dark = combos[i % len(combos)]
        out += render_chat(seed * 1000 + i, app=app, dark=dark)
    return out


# ---------------------------------------------------------------- simple payment pages
# Used when benchmarks/synth/payment.py (richer payment and order pages) is not there.
def render_simple_payment(seed: int, *, dark: bool = False) -> Sample:
    rng = random.Random(seed)
    w, h = rng.choice([(1080, 2340), (1080, 2400), (720, 1600)])
    s = w / 1080
    family = rng.randrange(3)
    bg = (245, 245, 245) if not dark else (20, 20, 20)
    card = (255, 255, 255) if not dark else (36, 36, 36)
    fg = (25, 25, 25) if not dark else (225, 225, 225)
    grey = (140, 140, 140)
    im = Image.new("RGB", (w, h), bg)
    _, _, clock = clock_text(rng)
    truth = draw_status_bar(
        im,
        rng,
        height=int(84 * s),
        bg=bg,
        fg=fg,
        clock=clock,
        battery=rng.randrange(10, 100),
        family=family,
    )
    draw = ImageDraw.Draw(im)
    title = rng.choice(["账单详情", "交易详情", "转账详情"])
    tf = font(int(50 * s), family)
    tx = (w - tf.getlength(title)) / 2
    draw.text((tx, int(120 * s)), title, font=tf, fill=fg)
    truth.append(TruthLine(title, text_box(draw, (tx, int(120 * s)), title, tf), None, "header"))
    draw.rectangle((int(30 * s), int(230 * s), w - int(30 * s), h - int(200 * s)), fill=card)
    payee = rng.choice(["刘建国", "深圳市某某科技有限公司", "王芳", "李强"])
    pf = font(int(40 * s), family)
    px = (w - pf.getlength(payee)) / 2
    draw.text((px, int(290 * s)), payee, font=pf, fill=fg)
    truth.append(TruthLine(payee, text_box(draw, (px, int(290 * s)), payee, pf), None, None))
    amt = "-" + amount(rng)
    af = font(int(92 * s), family, bold=True)
    ax = (w - af.getlength(amt)) / 2
    draw.text((ax, int(370 * s)), amt, font=af, fill=fg)
    truth.append(TruthLine(amt, text_box(draw, (ax, int(370 * s)), amt, af), None, None))
    status = rng.choice(["交易成功", "对方已收钱", "支付成功"])
    sx = (w - pf.getlength(status)) / 2
    draw.text((sx, int(510 * s)), status, font=pf, fill=grey)
    truth.append(TruthLine(status, text_box(draw, (sx, int(510 * s)), status, pf), None, None))
    y = int(640 * s)
    fields = [
        (
            "支付时间",
            f"{rng.randrange(2023, 2026)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d} {clock_text(rng)[2]}:{rng.randrange(60):02d}",
        ),
        ("付款方式", rng.choice(["余额", "招商银行储蓄卡(8866)", "花呗", "零钱"])),
        ("收款方全称", payee),
        ("收款账户", account_number(rng)),
        ("交易单号", "".join(str(rng.randrange(10)) for _ in range(28))),
        ("商户单号", "".join(str(rng.randrange(10)) for _ in range(20))),
        ("转账说明", rng.choice(["保证金", "解冻费", "投资款", "货款"])),
    ]
    lf = font(int(38 * s), family)
    vmax = int(w * 0.55)
    for label, value in fields:
        draw.text((int(70 * s), y), label, font=lf, fill=grey)
        truth.append(TruthLine(label, text_box(draw, (int(70 * s), y), label, lf), None, None))
        value_lines = wrap(value, lf, vmax)
        for i, v in enumerate(value_lines):
            vx = w - int(70 * s) - lf.getlength(v)
            draw.text((vx, y + i * int(54 * s)), v, font=lf, fill=fg)
            truth.append(TruthLine(v, text_box(draw, (vx, y + i * int(54 * s)), v, lf), None, None))
        y += int(54 * s) * len(value_lines) + int(50 * s)
    return Sample(
        name=f"payment_{'dark' if dark else 'light'}_{seed:04d}",
        kind="payment",
        image=im,
        lines=truth,
        meta={"app": "payment", "dark": dark, "font": font_label(family)},
    )
