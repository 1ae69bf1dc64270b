"""Round 3b: more scam quotations, collected AFTER the detector of round 3 was frozen and
committed, all put in ``heldout``. Nothing was tuned on them: they were read when copied from
the pages, and the detector first saw them in the single held-out evaluation.

    python benchmarks/data/redflags/build_round3b.py

Refuses to run twice. Near-duplicates of existing rows are left out (same rule as round 3).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from build_round3 import QUOTE, compact, near_dup  # type: ignore[import-not-found]

HERE = Path(__file__).resolve().parent

ZH_SCAM = [
    (
        "您的ETC已停用,今日内点击链接完成认证。否则将影响通行。",
        "https://www.yzcn.net/broadcast/headline/2025-12/01/cms477394article.shtml",
    ),
    (
        "账户积分即将清零,点击兑换最高500元现金红包。",
        "https://www.yzcn.net/broadcast/headline/2025-12/01/cms477394article.shtml",
    ),
    (
        "医保卡异常锁定,48小时未处理将永久作废。",
        "https://www.yzcn.net/broadcast/headline/2025-12/01/cms477394article.shtml",
    ),
    (
        "专属客户回馈抽奖活动,100%中奖,点击链接即可参与。",
        "https://www.yzcn.net/broadcast/headline/2025-12/01/cms477394article.shtml",
    ),
    (
        "我行已成功在您的信用卡中扣除年費1000元,請注意還款日期、詳詢:0411—395675xx《xx銀行客服中心》。",
        "http://www.zjxp.net/content/2009-12/05/content_14851.htm",
    ),
    (
        "我行将在贵用户名下卡账中收年费一千元整。如有疑意,请与我行银行卡务部联系:400-631-9788",
        "http://wiki.exinshi.com/finance/af942a55b17d.html",
    ),
    (
        "尊敬的X行用戶,您的電子密碼器於次日時效,請速登陸手機維護網站:wap。。。進行更新。給您帶來不便,敬請諒解。",
        "http://m.hovf.cn/news/3616.html",
    ),
    (
        "您好!我是京东客服\n您的京东白条未注销\n不注销将影响您的个人征信并负相关法律责任",
        "https://www.fensifuwu.com/emotion/me/2c5c2b0dae9671aeb3a574aae33ea143.html",
    ),
    (
        "你好,我是京東客服\n你需要關閉京東金(白)條\n否則會影響征信……",
        "https://kanoamed.com/newsDetail/730",
    ),
    (
        "您好,我是京東金融客服,請問您是楊**對吧?您的京東金條年利率過高,不符合相關法律規定,需要及時調整利率,否則會影響個人征信。",
        "http://b8iz8ocd.cn/jujiao/2022/1214/34336.html",
    ),
    ("每一个人都要注销京东白条,不然时间到了会影响征信!", "https://guohengsj.com/news/news192.html"),
    (
        "你现在下载“会议”APP,打开会议模式和我进行屏幕共享,我会告诉你如何操作,共享是为了录音,是需要上传一份给京东的。",
        "https://guohengsj.com/news/news192.html",
    ),
    (
        "由于雾霾,您乘坐的航班被取消,请核实您的信息,拨打以下号码进行改签或退票。",
        "http://tc.people.com.cn/n/2014/0225/c183175-24456390.html",
    ),
    (
        "麻烦各位家长交一下季度学习资料、练习题试卷等资料费490元、复印费5元,合并495元整……",
        "https://news.ycwb.com/ikinvkctjj/content_53597034.htm",
    ),
    (
        "各位家长好\n我是您孩子班主任X老师\n根据学校规定\n请将书本费、资料费共计xxx元\n交予学校财务账户\n请扫描下方二维码\n并将付款截图私信我",
        "http://www.shicijianshang.com/o/SWZ05H88inyx1nGpy2EgcaTDOyf0iuHm.html",
    ),
    (
        "點讚一單0.5—2塊,日薪80到150塊沒問題。時間自由,單量不限,多勞多得,工資日結,不收押金,不收會費……",
        "https://newton.com.tw/wiki/%E9%BB%9E%E8%AE%9A%E5%93%A1/22919772",
    ),
]

EN_SCAM = [
    (
        "User #25384: Your Gmail profile has been compromised. Text back SENDNOW in order to reactivate your account.",
        "http://finlit.blogspot.com/2013/08/text-message-claiming-your-email-has.html (FTC consumer blog, reposted)",
        "example quoted by the US Federal Trade Commission (US government work, public domain)",
    ),
]


def main() -> int:
    data = {
        lang: [json.loads(x) for x in (HERE / f"{lang}.jsonl").open(encoding="utf-8")]
        for lang in ("zh", "en")
    }
    if any(r["id"].startswith(("zh-r3b-", "en-r3b-")) for rows in data.values() for r in rows):
        print("round 3b already added", file=sys.stderr)
        return 1
    batches = {"zh": [(t, u, QUOTE) for t, u in ZH_SCAM], "en": EN_SCAM}
    for lang, batch in batches.items():
        existing = [compact(r["text"]) for r in data[lang]]
        n = 0
        for text, url, lic in batch:
            if near_dup(text, existing):
                print("dup (left out):", text[:40])
                continue
            existing.append(compact(text))
            data[lang].append(
                {
                    "id": f"{lang}-r3b-{n:04d}",
                    "lang": lang,
                    "split": "heldout",
                    "label": "scam",
                    "text": text,
                    "source": url,
                    "licence": lic,
                    "old_split": None,
                }
            )
            n += 1
        with (HERE / f"{lang}.jsonl").open("w", encoding="utf-8") as fh:
            for r in data[lang]:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(lang, n, "added to heldout")
    return 0


if __name__ == "__main__":
    sys.exit(main())
