#!/usr/bin/env python3
"""Generate a "ten-year" kolb data folder for the TUI benchmark.

    python3 bench/gen_tenyear.py DATA_DIR [--kolb PATH] [--seed N]

DATA_DIR must not exist or be empty. The script runs
`kolb --data-dir DATA_DIR pack install build/packs/sample-handwashing.tar.gz`
(building the archive with `make packs` if it is missing), so that kolb itself
creates the schema (version 2, see src/core/db.c) and records a real pack, and
then inserts, in one transaction, what about ten years of an NGO's workshops
leave behind:

    300 sessions        2016-2026, 1-3 days, all closed except 5 in progress
                        (one in each phase from setup to assessment)
    9,000 participants  30 a session, H'Mong, Dao, Thai, Tay and Kinh names
    attendance          one row per participant and day (about 14,000)
    activities          the pack's two Experience activities per session
    100,000 entries     per participant 2 reflections, 2 action plans and a
                        note per activity; per session 6 groups' answers and
                        notes and the facilitator's notes (about 59,000 first
                        versions, one per entry key as kolb keeps them); the
                        rest are corrections made after closing, each a new
                        version superseding the one before
    assessments         both outcomes of the pack per participant
    audit               one row per change above, with autosaves (about 172,000)

The same seed gives the same database. The counts are printed at the end.
Run by bench/tui_startup.sh; not part of the tests.
"""

import argparse
import datetime as dt
import os
import random
import sqlite3
import subprocess
import sys
import time

N_SESSIONS = 300
PER_SESSION = 30
N_ENTRIES = 100_000
N_OPEN = 5
PACK_ID = "sample-handwashing"
PACK_VERSION = "1.0.0"
ACTIVITIES = ["germ-glitter", "six-steps-practice"]
OUTCOMES = ["six-steps", "key-moments"]
GROUPS = 6  # reflection groups a session

PLACES = [
    # province, commune, villages
    ("Lào Cai", "Si Ma Cai", ["Sín Chéng", "Cán Cấu", "Lử Thẩn", "Nàn Sán"]),
    ("Lào Cai", "Bắc Hà", ["Bản Phố", "Tả Van Chư", "Lùng Phình", "Na Hối"]),
    ("Lào Cai", "Bát Xát", ["Y Tý", "A Lù", "Trịnh Tường", "Dền Sáng"]),
    ("Hà Giang", "Đồng Văn", ["Lũng Cú", "Má Lé", "Sủng Là", "Phố Bảng"]),
    ("Hà Giang", "Mèo Vạc", ["Pả Vi", "Xín Cái", "Sơn Vĩ", "Khâu Vai"]),
    ("Hà Giang", "Hoàng Su Phì", ["Nậm Khòa", "Thông Nguyên", "Bản Luốc", "Tụ Nhân"]),
    ("Yên Bái", "Mù Cang Chải", ["La Pán Tẩn", "Chế Cu Nha", "Khao Mang", "Púng Luông"]),
    ("Yên Bái", "Trạm Tấu", ["Bản Công", "Xà Hồ", "Pá Lau", "Túc Đán"]),
    ("Điện Biên", "Tủa Chùa", ["Sín Chải", "Huổi Só", "Xá Nhè", "Mường Đun"]),
    ("Điện Biên", "Mường Chà", ["Sá Tổng", "Huổi Lèng", "Ma Thì Hồ", "Na Sang"]),
    ("Lai Châu", "Sìn Hồ", ["Pa Tần", "Nậm Tăm", "Tả Phìn", "Hồng Thu"]),
    ("Sơn La", "Thuận Châu", ["Chiềng Pấc", "Bản Lập", "Phổng Lái", "Mường Khiêng"]),
    ("Cao Bằng", "Bảo Lạc", ["Cô Ba", "Khánh Xuân", "Hưng Thịnh", "Xuân Trường"]),
    ("Bắc Kạn", "Ba Bể", ["Nam Mẫu", "Khang Ninh", "Cao Thượng", "Pác Ngòi"]),
]

AUDIENCES = [
    "học sinh lớp 3", "học sinh lớp 4", "học sinh lớp 5", "phụ huynh và học sinh",
    "các mẹ và trẻ nhỏ", "giáo viên và cô nuôi", "hội phụ nữ thôn", "nhóm cha mẹ",
    "học sinh bán trú", "các bà các mẹ",
]

FACILITATORS = [
    "Nguyễn Thị Hoa", "Lò Thị Ban", "Giàng A Dình", "Trần Minh Tuấn", "Hoàng Thị Nhung",
    "Sùng Thị Mai", "Phạm Văn Đức", "Triệu Thị Hiền", "Lê Thị Thu Hà", "Vàng Seo Pháng",
]

# (ethnicity, family names, male middle/given names, female middle/given names)
NAME_STYLES = [
    ("H'Mông", ["Giàng", "Sùng", "Vàng", "Lý", "Thào", "Mùa", "Hầu", "Vừ", "Ly", "Cứ"],
     ["A Páo", "Seo Chứ", "A Sử", "A Chư", "Seo Dìn", "A Dình", "Mí Lử", "A Tủa", "Seo Lềnh"],
     ["Thị Mỷ", "Thị Dế", "Thị Sua", "Thị Pàng", "Thị Súa", "Thị Dua", "Thị Mái", "Thị Chi"]),
    ("Dao", ["Triệu", "Bàn", "Đặng", "Lý", "Chảo", "Tẩn", "Phàn", "Lò"],
     ["Văn Quẩy", "Láo Lở", "Văn Kiềm", "Chòi Phin", "Văn Siểu", "A Lử", "Kim Quẩy"],
     ["Thị Mây", "Thị Xuân", "Thị Chạn", "Thị Mẩy", "Mùi Chiêu", "Thị Lai", "Thị Phấy"]),
    ("Thái", ["Lò", "Quàng", "Lường", "Cầm", "Điêu", "Tòng", "Vì", "Lù", "Hà"],
     ["Văn Ơn", "Văn Khánh", "Văn Phong", "Văn Pọm", "Văn Ún", "Văn Lả", "Văn Thương"],
     ["Thị Ban", "Thị Hương", "Thị Xuân", "Thị Hoa", "Thị Ín", "Thị Pâng", "Thị Ngoan"]),
    ("Tày", ["Hoàng", "Nông", "Ma", "Bế", "Lục", "Triệu", "Hà", "Lăng", "Đàm"],
     ["Văn Nông", "Văn Tuấn", "Văn Sinh", "Văn Chung", "Đức Thắng", "Văn Hiếu"],
     ["Thị Thu", "Thị Hạnh", "Thị Lan", "Thị Nguyệt", "Thị Duyên", "Thị Mến", "Thị Quyên"]),
    ("Kinh", ["Nguyễn", "Trần", "Phạm", "Lê", "Vũ", "Hoàng", "Đỗ", "Bùi", "Ngô", "Đặng"],
     ["Văn Minh", "Văn Hùng", "Đức Anh", "Quang Huy", "Minh Khôi", "Văn Long", "Gia Bảo"],
     ["Thị Lan", "Thị Hường", "Thu Trang", "Thị Thu", "Ngọc Ánh", "Thị Hằng", "Bảo Ngọc"]),
]
ETHNIC_WEIGHTS = [40, 20, 15, 15, 10]

REFLECTION_WHAT = [
    "em thấy bột màu dính sang tay bạn ngồi bên cạnh", "khi bắt tay thì bột lan sang cả lớp",
    "tay em có nhiều bột ở kẽ ngón và dưới móng tay", "rửa bằng nước không thôi vẫn còn bột",
    "bạn Páo cầm quả bóng nên bột dính lên quả bóng", "cô giáo chỉ cho chúng em chỗ bột còn sót",
    "sau khi rửa bằng xà phòng thì tay sạch hẳn", "bột màu dính lên cả cốc nước và bút chì",
    "em không ngờ chỉ chạm một lần mà bột đã lan nhanh như vậy",
    "cả nhóm chơi xong thì bàn ghế cũng có bột",
]
REFLECTION_FEEL = [
    "em thấy hơi sợ vì vi khuẩn cũng lan như thế", "em thấy buồn cười lúc đầu nhưng sau thì lo",
    "em ngại vì tay em bẩn nhất lớp", "em thấy vui vì được chơi cùng các bạn",
    "mẹ em nói mẹ giật mình khi thấy bột dính lên bát cơm", "em lo cho em bé ở nhà hay mút tay",
    "em thấy xấu hổ một chút nhưng cô bảo ai cũng vậy", "em thấy thích vì hiểu thêm điều mới",
]
REFLECTION_WHY = [
    "vì nước không làm trôi được chất dầu và vi khuẩn", "xà phòng làm bong chất bẩn khỏi da tay",
    "phải chà đủ lâu thì xà phòng mới có tác dụng", "vi khuẩn bám ở kẽ tay và móng tay",
    "nhóm em nghĩ cần rửa đủ sáu bước mới sạch", "nước lạnh trên núi làm mọi người rửa vội",
    "nhà xa suối nên nhiều nhà tiết kiệm nước", "có xà phòng thì mới trôi được bột màu",
]
PLAN_WILL = [
    "em sẽ rửa tay bằng xà phòng trước khi ăn cơm", "em sẽ rửa tay sau khi đi vệ sinh",
    "em sẽ rửa tay sau khi chơi ngoài sân và sau khi cho lợn ăn", "bắt đầu từ ngày mai",
    "bắt đầu từ thứ hai tuần sau", "em sẽ nhắc em trai rửa tay trước bữa tối",
    "em sẽ rửa đủ sáu bước trong hai mươi giây", "mẹ sẽ để xà phòng cạnh can nước ở nhà",
    "con sẽ rửa tay trước khi nấu cơm cho em bé", "em sẽ làm góc rửa tay bằng can nhựa cũ",
]
PLAN_WHO = [
    "mẹ em sẽ nhắc em", "bà nội em hay ở nhà nên bà sẽ nhắc", "cô giáo chủ nhiệm sẽ kiểm tra",
    "bạn cùng bàn sẽ nhắc nhau trước giờ ăn trưa", "anh trai em sẽ làm cùng em",
    "cả nhà sẽ nhắc nhau", "trưởng thôn sẽ nhắc trên loa của thôn", "chị em trong hội phụ nữ",
]
NOTES = [
    "em tham gia rất tích cực và giúp các bạn nhỏ hơn", "em còn rụt rè nên cần được động viên thêm",
    "em rửa đúng sáu bước nhưng chưa đủ thời gian", "em quên bước chà mu bàn tay",
    "em làm mẫu cho cả nhóm rất tốt", "cần phiên dịch tiếng Mông cho em hiểu rõ hơn",
    "em nói ở nhà không có xà phòng, đã báo cán bộ phụ trách", "em làm đúng và đủ hai mươi giây",
    "em đến muộn nên bỏ lỡ phần đầu trò chơi", "em hỏi nhiều câu hay về vi khuẩn",
]
SESSION_NOTES = [
    "trời mưa to nên buổi học bắt đầu muộn nửa tiếng", "điểm trường không có nước máy, dùng can nước",
    "thầy hiệu trưởng dự cả buổi và hứa làm góc rửa tay", "một số phụ huynh chỉ nói tiếng Mông",
    "thiếu xà phòng, đã mua thêm ở chợ xã", "các em rất hào hứng với trò chơi bột màu",
    "mất điện nên dùng tranh vẽ tay thay cho máy chiếu", "hẹn hai tuần sau quay lại kiểm tra",
]
FILLERS = [
    "và", "rồi", "nên", "vì vậy", "hôm nay", "ở trường", "ở nhà", "cùng các bạn", "thật sự",
    "lần sau", "mỗi ngày", "còn", "nhưng",
]


def sentence(rng, pool, lo=10, hi=40):
    """A Vietnamese sentence of lo..hi words made of whole clauses from pool."""
    target = rng.randint(lo, hi)
    clauses = rng.sample(pool, len(pool))  # no clause twice in one sentence
    words, last = [], 0
    while len(words) < target and clauses:
        last = len(words)
        if words:
            words += rng.choice(FILLERS).split()
        words += clauses.pop().split()
    if len(words) > hi and last >= lo:
        words = words[:last]
    s = " ".join(words)
    return s[0].upper() + s[1:] + "."


def hexuid(rng):
    return "%032x" % rng.getrandbits(128)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def die(msg):
    print("gen_tenyear.py: " + msg, file=sys.stderr)
    sys.exit(1)


def install_pack(root, kolb, data):
    archive = os.path.join(root, "build", "packs", PACK_ID + ".tar.gz")
    if not os.path.exists(archive):
        subprocess.run(["make", "-C", root, "-s", "packs"], check=True)
    subprocess.run([kolb, "--data-dir", data, "pack", "install", archive], check=True,
                   stdout=subprocess.DEVNULL)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description="Generate a ten-year kolb data folder.")
    ap.add_argument("data_dir")
    ap.add_argument("--kolb", default=os.path.join(root, "kolb"))
    ap.add_argument("--seed", type=int, default=2016)
    ap.add_argument("--empty", action="store_true",
                    help="only install the sample pack (the empty folder to compare with)")
    args = ap.parse_args()
    if not os.access(args.kolb, os.X_OK):
        die("kolb binary not found at %s (run 'make' first, or give --kolb)" % args.kolb)
    if os.path.exists(args.data_dir) and os.listdir(args.data_dir):
        die("%s exists and is not empty" % args.data_dir)
    os.makedirs(args.data_dir, exist_ok=True)
    started = time.monotonic()
    install_pack(root, os.path.abspath(args.kolb), args.data_dir)
    if args.empty:
        return

    rng = random.Random(args.seed)
    con = sqlite3.connect(os.path.join(args.data_dir, "kolb.db"), isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    ver = con.execute("PRAGMA user_version").fetchone()[0]
    if ver < 2:
        die("kolb created schema version %d; this script knows version 2" % ver)
    row = con.execute("SELECT sha256 FROM packs WHERE id = ? AND version = ?",
                      (PACK_ID, PACK_VERSION)).fetchone()
    if row is None:
        die("the sample pack %s %s is not in the packs table" % (PACK_ID, PACK_VERSION))
    sha = row[0]

    sessions, participants, attendance, activities = [], [], [], []
    entries, assessments, audit = [], [], []
    pid = 0
    eid = 0
    uids = set()

    def uid():
        while True:
            u = hexuid(rng)
            if u not in uids:
                uids.add(u)
                return u

    # Start dates spread evenly over 2016-01-04 .. 2026-11-30; the last N_OPEN in progress.
    first, last = dt.date(2016, 1, 4), dt.date(2026, 11, 30)
    span = (last - first).days
    dates = sorted(first + dt.timedelta(days=int(span * (i + rng.random() * 0.8) / N_SESSIONS))
                   for i in range(N_SESSIONS))
    open_phases = ["setup", "experience", "reflection", "application", "assessment"]
    # Entries beyond the first version of each: corrections of closed sessions.
    per_session_events = []

    for si in range(N_SESSIONS):
        sid = si + 1
        start = dates[si]
        days = rng.choices([1, 2, 3], [60, 30, 10])[0]
        province, district, villages = rng.choice(PLACES)
        village = rng.choice(villages)
        is_open = si >= N_SESSIONS - N_OPEN
        phase = open_phases[si - (N_SESSIONS - N_OPEN)] if is_open else "closed"
        t0 = dt.datetime(start.year, start.month, start.day, 7, 30) + \
            dt.timedelta(minutes=rng.randint(0, 90))
        created = t0 - dt.timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 8))
        closed_at = iso(t0 + dt.timedelta(days=days - 1, hours=7)) if not is_open else None
        title = "Rửa tay bằng xà phòng – %s, %s" % (rng.choice(AUDIENCES), village)
        facs = rng.sample(FACILITATORS, rng.randint(1, 2))
        fac_json = "[" + ",".join('"%s"' % f for f in facs) + "]"
        sessions.append((sid, uid(), PACK_ID, PACK_VERSION, sha, "vi", title, province,
                         "xã " + district, "thôn " + village, start.isoformat(), days,
                         fac_json, phase, iso(created), closed_at, "{}"))
        ev = []  # (elapsed_ms, entity, entity_id, field, old, new)
        ev.append((0, "session", str(sid), "created", None, title))
        # Phases reached, spread over the days.
        order = ["setup", "experience", "reflection", "application", "assessment", "closed"]
        reached = order.index(phase)
        day_ms = 8 * 3600 * 1000
        total_ms = days * day_ms
        phase_at = [int(total_ms * k / 6) for k in range(6)]
        for k in range(1, reached + 1):
            ev.append((phase_at[k], "session", str(sid), "phase", order[k - 1], order[k]))
        for a_id in ACTIVITIES:
            status = "done" if reached >= 2 else ("pending" if reached < 1 else
                                                   rng.choice(["done", "pending"]))
            activities.append((sid, a_id, status, rng.randint(600, 1500) * 1000
                               if status == "done" else 0, 0, 0))

        def at(k):
            """A time inside phase k (0 setup .. 4 assessment)."""
            return rng.randint(phase_at[k], phase_at[k + 1] - 1)

        def created_iso(ms):
            return iso(t0 + dt.timedelta(milliseconds=ms))

        style_weights = ETHNIC_WEIGHTS[:]
        rng.shuffle(style_weights)  # each village has its own majority
        session_pids = []
        for _ in range(PER_SESSION):
            pid += 1
            eth, fams, males, females = rng.choices(NAME_STYLES, style_weights)[0]
            female = rng.random() < 0.6
            name = rng.choice(fams) + " " + rng.choice(females if female else males)
            age = rng.choices(["child", "youth", "adult", "elder"], [45, 10, 38, 7])[0]
            minor = 1 if age == "child" else 0
            role = "student" if age == "child" else rng.choice(
                ["caregiver", "parent", "teacher", "official", "other"])
            consent = rng.choices(["given", "unknown", "refused"], [90, 8, 2])[0]
            consent_by = ("bố mẹ: " + rng.choice(fams) + " " + rng.choice(males)) if minor \
                else "self"
            ms = at(0)
            participants.append((pid, sid, uid(), name, "female" if female else "male", age,
                                 eth, role, minor, consent, consent_by,
                                 1 if rng.random() < 0.7 else 0, created_iso(ms),
                                 created_iso(ms + 60000)))
            ev.append((ms, "participant", str(pid), "added", None, name))
            session_pids.append(pid)
            if reached >= 1:
                for d in range(1, days + 1):
                    present = 1 if rng.random() < 0.93 else 0
                    ams = (d - 1) * day_ms + rng.randint(0, 1800000)
                    attendance.append((pid, d, present, created_iso(ams)))
                    ev.append((ams, "attendance", str(pid), "day%d" % d, "0",
                               str(present)))
        # Entries, first versions.
        sent = []  # (session, participant, kind, prompt, group, body, ms)
        if reached >= 1:
            for p in session_pids:
                for a_id in ACTIVITIES:
                    if rng.random() < 0.95:
                        sent.append((p, "note", a_id, "", sentence(rng, NOTES), at(1)))
            for a_id in ACTIVITIES:
                sent.append((None, "note", a_id, "", sentence(rng, SESSION_NOTES), at(1)))
                for g in range(1, GROUPS + 1):
                    sent.append((None, "note", a_id, "Nhóm %d" % g, sentence(rng, NOTES),
                                 at(1)))
        if reached >= 2:
            for p in session_pids:
                sent.append((p, "reflection", "what-happened", "",
                             sentence(rng, REFLECTION_WHAT), at(2)))
                sent.append((p, "reflection", "feelings", "",
                             sentence(rng, REFLECTION_FEEL), at(2)))
            for g in range(1, GROUPS + 1):
                sent.append((None, "reflection", "why", "Nhóm %d" % g,
                             sentence(rng, REFLECTION_WHY), at(2)))
        if reached >= 3:
            for p in session_pids:
                sent.append((p, "action_plan", "i-will", "", sentence(rng, PLAN_WILL), at(3)))
                sent.append((p, "action_plan", "who-helps", "", sentence(rng, PLAN_WHO), at(3)))
        if reached >= 4:
            for p in session_pids:
                for o in OUTCOMES:
                    st = "met" if rng.random() < 0.85 else "not_yet"
                    ms = at(4)
                    assessments.append((p, o, st, created_iso(ms)))
                    ev.append((ms, "assessment", str(p), "outcome:" + o, "none", st))
        sent.sort(key=lambda e: e[5])
        current = []
        for (p, kind, prompt, group, body, ms) in sent:
            eid += 1
            follow = (start + dt.timedelta(days=rng.choice([7, 14, 30]))).isoformat() \
                if prompt == "i-will" and rng.random() < 0.6 else None
            entries.append([eid, sid, p, kind, prompt, body, follow, 1, None,
                            created_iso(ms), ms, group])
            old = None
            if rng.random() < 0.5:
                # typed, autosaved, then finished: each save is audited
                cut = body.split()
                old = " ".join(cut[:max(1, len(cut) // 2)])
                ev.append((max(0, ms - rng.randint(3000, 60000)), "entry", str(eid), kind, None,
                           old))
            ev.append((ms, "entry", str(eid), kind, old, body))
            current.append(len(entries) - 1)
        per_session_events.append((sid, ev, current, closed_at is not None, total_ms, t0))

    # Corrections: later versions of entries of closed sessions, spread over the sessions,
    # until there are N_ENTRIES entries.
    closed = [x for x in per_session_events if x[3]]
    extra = N_ENTRIES - len(entries)
    if extra < 0:
        die("first versions alone give %d entries, more than %d" % (len(entries), N_ENTRIES))
    pools = {"what-happened": REFLECTION_WHAT, "feelings": REFLECTION_FEEL,
             "why": REFLECTION_WHY, "i-will": PLAN_WILL, "who-helps": PLAN_WHO}
    for n in range(extra):
        sid, ev, current, _, total_ms, t0 = closed[n % len(closed)]
        k = rng.randrange(len(current))
        old = entries[current[k]]
        eid += 1
        ms = total_ms + rng.randint(0, 3600000) + 1000 * n // len(closed)
        body = sentence(rng, pools.get(old[4], NOTES))
        entries.append([eid, sid, old[2], old[3], old[4], body, old[6], old[7] + 1, old[0],
                        iso(t0 + dt.timedelta(milliseconds=ms)), ms, old[11]])
        ev.append((ms, "entry", str(eid), "correction", old[5], body))
        current[k] = len(entries) - 1

    # Audit rows per session, in the order of their elapsed time.
    for sid, ev, _, _, _, t0 in per_session_events:
        ev.sort(key=lambda e: e[0])
        for (ms, entity, entity_id, field, old, new) in ev:
            audit.append((sid, iso(t0 + dt.timedelta(milliseconds=ms)), ms, entity, entity_id,
                          field, old, new))

    con.execute("BEGIN IMMEDIATE")
    con.executemany("INSERT INTO sessions (id, uid, pack_id, pack_version, pack_sha256, "
                    "language, title, province, commune, village, start_date, days, "
                    "facilitators, phase, created_at, closed_at, ui_state) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", sessions)
    con.executemany("INSERT INTO activities (session_id, activity_id, status, timer_ms, "
                    "timer_running, timer_wall_ms) VALUES (?,?,?,?,?,?)", activities)
    con.executemany("INSERT INTO participants (id, session_id, uid, name, gender, age_group, "
                    "ethnicity, role, is_minor, consent, consent_by, share_name, created_at, "
                    "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", participants)
    con.executemany("INSERT INTO attendance (participant_id, day, present, recorded_at) "
                    "VALUES (?,?,?,?)", attendance)
    con.executemany("INSERT INTO entries (id, session_id, participant_id, kind, prompt_id, "
                    "body, follow_up, version, supersedes, created_at, elapsed_ms, group_name) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", entries)
    con.executemany("INSERT INTO assessments (participant_id, outcome_id, status, assessed_at) "
                    "VALUES (?,?,?,?)", assessments)
    con.executemany("INSERT INTO audit (session_id, wall_time, elapsed_ms, entity, entity_id, "
                    "field, old_value, new_value) VALUES (?,?,?,?,?,?,?,?)", audit)
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counts = {t: con.execute("SELECT count(*) FROM " + t).fetchone()[0] for t in
              ["sessions", "participants", "attendance", "activities", "entries",
               "assessments", "audit"]}
    open_n = con.execute("SELECT count(*) FROM sessions WHERE phase <> 'closed'").fetchone()[0]
    fk = con.execute("PRAGMA foreign_key_check").fetchall()
    con.close()
    if fk:
        die("foreign key check failed: %r" % fk[:5])
    size = os.path.getsize(os.path.join(args.data_dir, "kolb.db"))
    print("ten-year data folder %s (%.1f MB, %.1f s):" % (args.data_dir, size / 1e6,
                                                         time.monotonic() - started))
    for t, n in counts.items():
        extra = " (%d in progress)" % open_n if t == "sessions" else ""
        print("  %-13s %8d%s" % (t, n, extra))


if __name__ == "__main__":
    main()
