"""Round-5 phrase families of the red-flag lexicon: each family flags its scam wording (written
here for the test, not copied from the benchmark's held-out set) and leaves the nearby ordinary
wording alone."""

from __future__ import annotations

import pytest

from victimkit.analysis.redflags import CLEAN, SUSPICIOUS, check_text


@pytest.mark.parametrize(
    "text",
    [
        "Evri: we were unable to deliver your parcel today. Tap here to choose a new slot.",
        "Your profile will be suspended unless you verify your details within 24 hours.",
        "Final notice: you have an unpaid toll of $4.15. Pay now to avoid a late fee: toll-pay.top",
        "We tried to deliver your item but failed. Please confirm your address at ukpost-help.com",
        "You are eligible for a refund of 212.40 GBP. Claim it here: gov-refunds.site",
        "Mum I'm locked out of my online banking, can you pay this bill for me, it's urgent",
        "Hi, I need you to buy 4 Apple gift cards for a client and send me the codes asap",
        "Earn $200 to $800 a day working from home, reply YES and contact me on WhatsApp",
    ],
)
def test_english_families_are_suspicious(text):
    assert check_text(text, lang="en").verdict == SUSPICIOUS


@pytest.mark.parametrize(
    "text",
    [
        "Sorry, we couldn't deliver the sofa today, the van broke down. Monday instead?",
        "Can you send me the code for the wifi?",
        "I got a gift card for my birthday, going to spend it at the weekend",
        "Can you pay me back for the cinema tickets when you get a chance",
        "The parking fine was my fault, I'll sort it out with the council",
    ],
)
def test_english_confounders_stay_clean(text):
    assert check_text(text, lang="en").verdict == CLEAN


@pytest.mark.parametrize(
    ("text", "type_id"),
    [
        ("您好，您的信用良好，现可贷款20万元，无抵押秒到账", "cn.fake_loan"),
        ("老同学，因工作调动特换这个手机号，存一下", "cn.impersonate_boss_acquaintance"),
        ("您好，我是淘宝商家客服，您的订单出了问题，现在给您办理退款", "cn.fake_ecommerce_cs"),
        ("恭喜获得兼职名额，有手机便可，日结200，发短信“小美”到9123x了解", "premium_rate_lure"),
    ],
)
def test_chinese_families_are_suspicious(text, type_id):
    report = check_text(text, lang="zh")
    assert report.verdict == SUSPICIOUS
    assert type_id in [t.id for t in report.types]


@pytest.mark.parametrize(
    "text",
    [
        "我换了个新手机，号码没变，还打原来的",
        "商品质量有问题，联系客服退款了，处理很快",
        "贷款买的房子，每个月还款压力不小",
        "【国家电网】您的电费已交清，感谢使用",
    ],
)
def test_chinese_confounders_stay_clean(text):
    assert check_text(text, lang="zh").verdict == CLEAN


def test_a_business_licence_threat_with_a_deadline_is_suspicious():
    report = check_text(
        "【工商提醒】您的营业执照年报未报送，将按规定处罚，请于6/30前登录办理", lang="zh"
    )
    assert report.verdict == SUSPICIOUS


# ---------------------------------------------------------------- round 7: scam structures
# Claimed sender + what is asked + pretext, written here for the test (not benchmark wording).


@pytest.mark.parametrize(
    ("text", "type_id"),
    [
        (
            "我是你房东，最近在外地，这个月租金转到我老婆的建设银行卡上，卡号6217****",
            "cn.impersonate_boss_acquaintance",
        ),
        ("哥，我手机坏了，借我2000急用，明天还你", "cn.relative_emergency"),
        ("您的提现因账户冻结未能到账，需缴纳20%保证金解冻", "cn.fake_loan"),
        (
            "客服提醒：工作人员误将您开通为VIP会员，需配合取消，否则每月扣费500元",
            "douyin.fake_live_membership",
        ),
        ("您好，您的微信支付存在异常，需要重新绑定银行卡才能恢复使用", "cn.fake_ecommerce_cs"),
        ("你的身份证被人冒用开了银行账户，涉嫌洗钱", "cn.impersonate_authority"),
        ("好消息！代缴燃气费8折，名额有限", "cn.fake_shopping_service"),
    ],
)
def test_round7_chinese_structures_are_suspicious(text, type_id):
    report = check_text(text, lang="zh")
    assert report.verdict == SUSPICIOUS, text
    assert type_id in [t.id for t in report.types], [t.id for t in report.types]


@pytest.mark.parametrize(
    "text",
    [
        "这个月房租我已经转给房东了，你那份转我就行",
        "妈，我到宿舍了，生活费够用，别担心",
        "今天有点急事，晚点给你打电话",
        "【国家电网】您本月电费已缴清，感谢使用",
        "工资已转入您尾号1234的账户，请查收",
        "会员续费成功，如需取消自动续费可在设置中关闭",
    ],
)
def test_round7_chinese_confounders_stay_clean(text):
    assert check_text(text, lang="zh").verdict == CLEAN, text


# ---------------------------------------------------------------- round 9: generic structure
# A request tied to a pretext, isolation, coaching and threats - written here for the test in
# wording of our own (not the benchmark's), with the ordinary wording next to them.


@pytest.mark.parametrize(
    "text",
    [
        "您的订单物流异常，需先支付50元保证金才能重新派送",
        "亲，您购买的衣服抽检不合格，需要您配合操作办理退款",
        "邀请您参加周末同学会，活动照片都在这里：网址xxx",
        "这件事不要告诉你家人，找个没人的房间等我电话",
        "柜员问你就说是还给亲戚的钱，别的什么都不要讲",
        "你再不配合，警察马上就会上门把你抓走",
        "爸，我在外面出事了，赶紧转3000到这个账户",
        "退保找我们，保证全额退保，只收少量服务费",
        "【顺丰】您的包裹派送失败，请点击连结重新填写地址",
        "兼职招聘：帮忙扫二维码关注公众号，一单5元",
    ],
)
def test_round9_generic_structures_are_suspicious(text):
    assert check_text(text, lang="zh").verdict == SUSPICIOUS, text


@pytest.mark.parametrize(
    "text",
    [
        "【平安保险】您的车险下月到期，如需续保请联系您的专属顾问",
        "酒店入住需要交押金，退房时全额退还，服务不错",
        "同学会的照片我晚点发群里，大家记得保存",
        "这事先别跟爸妈说，等我考完试再告诉他们惊喜",
        "快递丢了，商家很快给补发了，客服态度好",
        "银行柜员很耐心，帮我办好了转账",
        "物流查询有点慢，但是东西质量不错",
    ],
)
def test_round9_confounders_stay_clean(text):
    assert check_text(text, lang="zh").verdict == CLEAN, text


@pytest.mark.parametrize(
    "text",
    [
        # Round 9: fifteen legitimate notices written as a check after the model was trained on
        # fifty others (none of these is in the data): the learned zh component flagged none.
        "【圆通速递】您的快件已到达丰巢柜，取件码772310，请在24小时内取件。",
        "【邮政EMS】您的邮件已投递至代收点，请携带取件码前往领取。",
        "【交通银行】您尾号4417的信用卡消费人民币256.00元，如有疑问请致电卡片背面客服电话。",
        "【浦发银行】您的手机银行于今日登录，如非本人操作请立即修改登录密码。",
        "【中国移动】您的流量已使用90%，可登录中国移动APP查看余量。",
        "【国家医保服务平台】您的医保电子凭证已激活，可在定点医院扫码就医。",
        "【公积金中心】您的住房公积金本月已缴存，可登录当地公积金官网查询。",
        "【苏宁易购】您的退货申请已审核通过，请将商品寄回，运费由我们承担。",
        "【抖音】您的实名认证已完成，感谢您的配合。",
        "【学校】本周五家长会，请家长准时参加，地点在三楼会议室。",
        "【音乐会员】您的会员即将到期，可在APP内续费，如无需续费请忽略。",
        "【电费提醒】您本月电费已出账，请通过网上国网APP缴纳。",
        "妹妹，给你寄的特产到了吗？取件码我发你微信了。",
        "老板，合同我已经签好拍照发您了，原件明天带过去。",
        "【京东物流】您的包裹派送失败，快递员将于明天再次派送，请保持电话畅通。",
    ],
)
def test_round9_legitimate_notices_are_not_flagged(text):
    assert check_text(text, lang="zh").verdict == CLEAN, text
