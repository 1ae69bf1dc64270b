"""Round 9 of the red-flag data, dev side (the tuner's script).

The round-7 test set ``heldout5`` (``heldout5_{zh,en}.jsonl``) was scored once by the lead on the
frozen round-7 detector and its misses read: it is spent, so its rows are appended to
``zh.jsonl`` / ``en.jsonl`` as ``dev`` with ``split_r7 = "heldout5"``; every row already there
gets ``split_r7`` = the split it had in rounds 7-8. The collector's round-8 dev rows
(``round8_dev_{zh,en}.jsonl``, ordinary texts only) are appended as ``dev`` with
``split_r7 = null``. Fifty hand-written legitimate notices and chat lines (``NOTICES``) are
added to ``zh.jsonl`` as ``train`` negatives. The heldout5 files stay where they are (``redflag_bench --split heldout5``
still reads them). The sealed round-8 test set (``heldout6_*.jsonl``) is never read here.

    python benchmarks/data/redflags/build_round9_dev.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEYS = (
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
    "split_r6",
    "split_r7",
)
OLDER = ("old_split", "split_r3", "split_r4", "split_r5", "split_r6")
# Round 9: legitimate SMS notices and everyday chat written for victimkit (GPL-3.0-or-later), split
# ``train`` (extra negatives for the model, never scored). Before they were added, the model
# trained on reviews and news flagged 6 of these 50 (courier pick-up, log-in alert, top-up,
# social-insurance and tax notices: 您的 + 请 + 领取/登录); the rules flagged none.
NOTICES = (
    "【顺丰速运】您的快递已放至小区驿站，请凭取件码5-2-3318领取，营业时间9:00-20:00。",
    "【中通快递】您的包裹已签收，如有疑问请致电官方客服热线。",
    "【韵达快递】您的快件今日派送，快递员电话已在APP中显示，请保持电话畅通。",
    "【京东】您的订单已退款成功，款项将在1-3个工作日原路退回。",
    "【淘宝】您申请的退货退款已完成，退款已退回支付宝余额。",
    "【拼多多】您的订单已发货，请注意查收。",
    "【美团】您的外卖订单已送达，祝您用餐愉快。",
    "【招商银行】您尾号6621的账户于11月20日支出人民币128.00元，余额3,240.55元。",
    "【工商银行】您尾号3308的信用卡本期账单已出，应还金额2,106.40元，到期还款日12月8日，请按时还款。",
    "【建设银行】您的借记卡将于2025年3月到期，请携带身份证到就近网点办理换卡。",
    "【农业银行】您尾号5520的账户收到工资入账人民币8,500.00元。",
    "【支付宝】您的账户于今日在新设备登录，如非本人操作，请在支付宝APP内修改密码。",
    "【微信支付】您已成功向商户付款35.00元，如有疑问可在微信支付账单中查看。",
    "【中国移动】您本月话费余额不足10元，请及时充值，可通过中国移动APP办理。",
    "【中国联通】尊敬的客户，您的套餐将于下月1日起生效，详情请咨询营业厅。",
    "【中国电信】您的宽带账户将于本月底到期，如需续费请到营业厅或电信APP办理。",
    "【国家电网】您户号尾号0921本月电费126.30元已扣款成功，感谢使用。",
    "【自来水公司】因管道维修，明日9:00-15:00本小区停水，请提前储水。",
    "【燃气公司】工作人员将于本周六上门安检，请家中留人，安检不收取任何费用。",
    "【12306】您已成功购买11月28日G102次列车车票，请携带身份证乘车。",
    "【航空公司】您预订的航班CA1234准点起飞，请提前90分钟到达机场办理值机。",
    "【医院】您已预约12月3日上午内科门诊，请携带医保卡按时就诊。",
    "【社保中心】您的社保卡年度缴费已到账，可在国家社会保险公共服务平台查询。",
    "【医保局】您本年度医保个人账户已划入，请通过国家医保服务平台APP查询明细。",
    "【税务】您的个人所得税年度汇算已完成，请登录个人所得税APP查看结果。",
    "【学校】下周一期中考试，请家长督促孩子按时作息，考试期间不收取任何费用。",
    "【幼儿园】明天上午亲子活动，请家长九点前到园，请勿携带贵重物品。",
    "【物业】本周五下午进行消防演练，届时警报响起请勿惊慌。",
    "【小区管家】您的车辆月卡将于月底到期，续费请到物业服务中心办理。",
    "【保险公司】您的车险将于下月到期，续保可联系您的专属客服经理或前往门店办理。",
    "【证券】您委托的买入订单已成交，详情请登录交易软件查看。",
    "【视频会员】您的会员已自动续费成功，如需取消自动续费，可在账户设置中关闭。",
    "【网易】您的账号验证码为482913，5分钟内有效，请勿泄露给他人。",
    "【滴滴出行】您的行程已结束，本次车费23.50元，感谢乘坐。",
    "【饿了么】您的退款申请已受理，退款将原路返回至付款账户。",
    "【携程】您预订的酒店订单已确认，入住时请出示身份证办理入住。",
    "妈，我到学校了，生活费还够用，月底回家。",
    "老公，快递我帮你取回来了，放在门口鞋柜上。",
    "明天公司开会，请大家九点前到会议室，带上笔记本。",
    "王老师：本周作业请在周五前交到班长处，谢谢配合。",
    "儿子，天冷了记得加衣服，钱不够了跟妈说。",
    "晚上一起吃饭吗？我在老地方等你。",
    "水电费我交过了，这个月你请吃饭就行。",
    "你的包裹我帮你签收了，下班过来拿。",
    "经理，项目资料我已经发到您邮箱，请查收。",
    "小区群通知：明天上午停电检修，请大家提前安排。",
    "我的银行卡丢了，已经打电话挂失，明天去网点补办。",
    "刚才客服打电话说订单有问题，我挂了直接在APP里看，没问题。",
    "你好，我是楼下邻居，你家阳台的水滴到我家了，麻烦看一下。",
    "快递员说放驿站了，取件码发你微信了。",
)


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(x) for x in fh if x.strip()]


def main() -> int:
    for lang in ("zh", "en"):
        path = HERE / f"{lang}.jsonl"
        rows = _read(path)
        for r in rows:
            r.setdefault("split_r7", r["split"])
        have = {r["id"] for r in rows}
        counts = {}
        for name, r7 in (
            (f"heldout5_{lang}.jsonl", "heldout5"),
            (f"round8_dev_{lang}.jsonl", None),
        ):
            added = 0
            extra = HERE / name
            if extra.exists():
                for r in _read(extra):
                    if r["id"] in have:
                        continue
                    r.update(split="dev", split_r7=r7)
                    for k in OLDER:
                        r.setdefault(k, None)
                    rows.append(r)
                    have.add(r["id"])
                    added += 1
            counts[name] = added
        if lang == "zh":
            added = 0
            for n, text in enumerate(NOTICES):
                rid = f"zh-r9n-{n:04d}"
                if rid in have:
                    continue
                rows.append(
                    {
                        "id": rid,
                        "lang": "zh",
                        "split": "train",
                        "label": "ordinary",
                        "text": text,
                        "source": "hand-written for victimkit (round 9): legitimate notices and chat",
                        "licence": "GPL-3.0-or-later",
                        "split_r7": None,
                    }
                )
                have.add(rid)
                added += 1
            counts["round-9 hand-written notices (train)"] = added
        with path.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps({k: r.get(k) for k in KEYS}, ensure_ascii=False) + "\n")
        print(f"{lang}: rows added as dev: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
