#!/usr/bin/env python3
"""geo_derive.py - how data/geo/ports.csv was derived (run by hand, not by the build).

Reads the GFW pipe-anchorages port lists (WPI_ports.csv, anchorage_overrides cut to 27-47 N, 117-143 E)
from ../shared/data/geo/gfw-anchorages and writes vigil's own ports.csv: our choice of
ports, our clustering of anchorage points, our radii. Usage:
  python3 tools/geo_derive.py ../shared/data/geo > data/geo/ports.csv
"""
import csv, math, sys

R = 6371.0088
def dist(a, b, c, d):
    p1, p2 = math.radians(a), math.radians(c)
    dp, dl = p2 - p1, math.radians(d - b)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * R * math.asin(min(1, math.sqrt(h)))

base = sys.argv[1]
wpi = {}
for r in csv.DictReader(open(base + '/gfw-anchorages/WPI_ports.csv')):
    wpi[(r['iso3'], r['label'])] = (float(r['latitude']), float(r['longitude']))
anch = {}
# The full override list cut to the theatre with a margin (the region subset stops at 30 N, which
# left Ningbo's Beilun terminals at 29.9 N and the southern Zhoushan anchorages out).
for r in csv.DictReader(open(base + '/gfw-anchorages/anchorage_overrides.csv')):
    la, lo = float(r['latitude']), float(r['longitude'])
    if 27.0 <= la <= 47.0 and 117.0 <= lo <= 143.0:
        anch.setdefault((r['iso3'], r['label']), []).append((la, lo))

WPI_SRC = 'NGA World Port Index position via GFW pipe-anchorages WPI_ports.csv (%s)'
rows = []
def row(id_, name, kind, iso, lat, lon, rad, src, role=''):
    rows.append((id_, name, kind, iso, '%.5f' % lat, '%.5f' % lon, '%.1f' % rad, src, role))

def clusters(pts, lead_km=12.0):
    """Leader clustering: each point joins the first leader within lead_km, else leads."""
    leaders = []
    for p in pts:
        for L in leaders:
            if dist(L[0][0], L[0][1], p[0], p[1]) <= lead_km:
                L.append(p); break
        else:
            leaders.append([p])
    out = []
    for L in leaders:
        la = sum(p[0] for p in L) / len(L); lo = sum(p[1] for p in L) / len(L)
        rad = max(dist(la, lo, p[0], p[1]) for p in L) + 3.0
        out.append((len(L), la, lo, min(rad, 30.0)))
    out.sort(reverse=True)
    return out

# Ports of interest: DPRK from WPI (GFW has no DPRK anchorages), radii ours.
dprk = [('PRK-RAJIN', 'Rajin', 'NAJIN', 5), ('PRK-SONBONG', 'Sonbong', 'SENBONG', 5),
        ('PRK-CHONGJIN', 'Chongjin', "CH'ONGJIN", 6), ('PRK-KIMCHAEK', 'Kimchaek', "KIMCH'AEK", 5),
        ('PRK-CHAHO', 'Chaho', "CH'AHO", 5), ('PRK-HUNGNAM', 'Hungnam', 'HUNGNAM', 6),
        ('PRK-WONSAN', 'Wonsan', 'WONSAN', 6), ('PRK-NAMPO', 'Nampo', 'NAMPO', 8),
        ('PRK-SONGRIM', 'Songrim', "KYOMIP'O", 4), ('PRK-HAEJU', 'Haeju', 'HAEJU HANG', 6)]
for id_, name, w, rad in dprk:
    la, lo = wpi[('PRK', w)]
    row(id_, name, 'port', 'PRK', la, lo, rad, WPI_SRC % w, 'interest')

# Russian ports: clusters of GFW anchorage points, else WPI.
rus = [('RUS-VOSTOCHNY', 'Vostochny', 'VOSTOCHNYY'), ('RUS-NAKHODKA', 'Nakhodka', 'NAKHODKA'),
       ('RUS-VLADIVOSTOK', 'Vladivostok', 'VLADIVOSTOK'), ('RUS-SLAVYANKA', 'Slavyanka', 'SLAVYANKA'),
       ('RUS-ZARUBINO', 'Zarubino', 'ZARUBINO'), ('RUS-POSYET', 'Posyet', 'POSYET'),
       ('RUS-BOLSHOY-KAMEN', 'Bolshoy Kamen', 'BOLSHOY KAMEN'), ('RUS-PODYAPOLSK', 'Podyapolsk', 'PODYAPOLSK')]
commercial = [
    ('CHN', 'SHANGHAI', 'Shanghai'), ('CHN', 'YANGSHAN', 'Yangshan'), ('CHN', 'ZHOUSHAN', 'Ningbo-Zhoushan'),
    ('CHN', 'NINGBO', 'Ningbo-Zhoushan'), ('CHN', 'QINGDAO', 'Qingdao'), ('CHN', 'TIANJIN', 'Tianjin'),
    ('CHN', 'DALIAN', 'Dalian'), ('CHN', 'YANTAI', 'Yantai'), ('CHN', 'LIANYUNGANG', 'Lianyungang'),
    ('CHN', 'RIZHAO', 'Rizhao'), ('CHN', 'LANSHAN', 'Rizhao'), ('CHN', 'WEIHAI', 'Weihai'),
    ('CHN', 'QINHUANGDAO', 'Qinhuangdao'), ('CHN', 'TANGSHAN', 'Tangshan'), ('CHN', 'CAOFEIDIAN', 'Tangshan'),
    ('CHN', 'JINGTANG', 'Tangshan'), ('CHN', 'HUANGHUA', 'Huanghua'), ('CHN', 'YINGKOU', 'Yingkou'),
    ('CHN', 'BAYUQUAN', 'Yingkou'), ('CHN', 'JINZHOU', 'Jinzhou'), ('CHN', 'DANDONG', 'Dandong'),
    ('CHN', 'DAN DONG', 'Dandong'), ('CHN', 'NANTONG', 'Nantong'), ('CHN', 'TAICANG', 'Taicang'),
    ('CHN', 'HULUDAO', 'Huludao'), ('CHN', 'ZHAPU', 'Zhapu'), ('CHN', 'TAIZHOU', 'Taizhou'),
    ('CHN', 'DONGYING', 'Dongying'), ('CHN', 'PANJIN', 'Panjin'), ('CHN', 'WEIFANG', 'Weifang'),
    ('CHN', 'BINZHOU', 'Binzhou'),
    ('KOR', 'BUSAN', 'Busan'), ('KOR', 'ULSAN', 'Ulsan'), ('KOR', 'OKPO', 'Okpo'), ('KOR', 'JINHAE', 'Jinhae'),
    ('KOR', 'JINHAE MAN', 'Jinhae'), ('KOR', 'YEOSU', 'Yeosu'), ('KOR', 'TONGYEONG', 'Tongyeong'),
    ('KOR', 'DONGHAE', 'Donghae'), ('KOR', 'MOKPO', 'Mokpo'),
    ('JPN', 'NAGOYA', 'Nagoya'), ('JPN', 'OITA', 'Oita'), ('JPN', 'AKITAFUNAGAWA', 'Akita'),
    ('JPN', 'OTARU', 'Otaru'),
]
# WPI-only ports (no GFW anchorage cluster in the region list): (iso3, WPI label, name, radius km).
wpi_only = [('KOR', 'INCHON', 'Incheon', 10), ('KOR', 'PYEONGTAEK HANG', 'Pyeongtaek', 8),
            ('KOR', 'GWANGYANG HANG', 'Gwangyang', 12), ('KOR', 'POHANG', 'Pohang', 6),
            ('KOR', 'KUNSAN', 'Gunsan', 6), ('KOR', 'DAESAN HANG', 'Daesan', 6), ('KOR', 'MOKPO', 'Mokpo', 12),
            ('JPN', 'NIIGATA KO', 'Niigata', 6), ('JPN', 'EASTERN PART OF NIIGATA-KO', 'Niigata', 5),
            ('JPN', 'FUSHIKI-TOYAMA', 'Toyama', 10), ('JPN', 'KANAZAWA', 'Kanazawa', 5),
            ('JPN', 'MAIZURU KO', 'Maizuru', 6), ('JPN', 'SAKAIMINATO', 'Sakaiminato', 5),
            ('JPN', 'HAKATA', 'Hakata', 6), ('JPN', 'MOJI KO', 'Kitakyushu', 6),
            ('JPN', 'TSURUGA KO', 'Tsuruga', 5), ('JPN', 'SAKATA KO', 'Sakata', 5),
            ('JPN', 'TOMAKOMAI KO', 'Tomakomai', 6), ('JPN', 'KOBE', 'Kobe', 8)]

# WPI harbour positions added beside the GFW anchorage clusters of the same port (anchorage
# clusters often sit offshore; the harbour itself must count too): (iso3, WPI label, name, radius km).
wpi_extra = [('CHN', 'SHANGHAI', 'Shanghai', 8), ('CHN', 'NINGBO', 'Ningbo-Zhoushan', 10),
             ('CHN', 'ZHOUSHAN', 'Ningbo-Zhoushan', 8), ('CHN', 'QINGDAO GANG', 'Qingdao', 8),
             ('CHN', 'TIANJIN XIN GANG', 'Tianjin', 15), ('CHN', 'DALIAN', 'Dalian', 8),
             ('CHN', 'YANTAI', 'Yantai', 6), ('CHN', 'LONGKOU GANG', 'Longkou', 6),
             ('CHN', 'LIANYUNGANG', 'Lianyungang', 8), ('CHN', 'RIZHAO', 'Rizhao', 8),
             ('CHN', 'WEIHAI', 'Weihai', 6), ('CHN', 'QINHUANGDAO', 'Qinhuangdao', 8),
             ('CHN', 'TANGSHAN (JINGTANG)', 'Tangshan', 8), ('CHN', 'YINGKOU', 'Yingkou', 8),
             ('CHN', 'BAYUQUAN', 'Yingkou', 8), ('CHN', 'DANDONG', 'Dandong', 8), ('CHN', 'NANTONG', 'Nantong', 8),
             ('KOR', 'PUSAN', 'Busan', 8), ('KOR', 'ULSAN', 'Ulsan', 8), ('KOR', 'YOSU', 'Yeosu', 6),
             ('KOR', 'TONGHAE', 'Donghae', 6), ('KOR', 'MASAN', 'Masan', 6),
             ('JPN', 'OTARU KO', 'Otaru', 6), ('JPN', 'AKITA-FUNAKAWA KO', 'Akita', 10),
             ('JPN', 'NAGASAKI', 'Nagasaki', 6), ('JPN', 'SHIMONOSEKI', 'Kitakyushu', 6),
             ('JPN', 'KOKURA KO', 'Kitakyushu', 6), ('JPN', 'OSAKA', 'Osaka', 8),
             ('RUS', "POS'YET", 'Posyet', 6)]

ANCH_SRC = 'cluster of %d GFW pipe-anchorages anchorage_overrides points labelled %s (centroid; radius = farthest point + 3 km)'
def emit_label(iso, label, name, id_base, role=''):
    pts = anch.get((iso, label))
    if not pts:
        return False
    cl = clusters(pts)
    for k, (n, la, lo, rad) in enumerate(cl):
        if k > 0 and n < 3:
            continue
        row('%s-%d' % (id_base, k + 1) if len(cl) > 1 else id_base, name, 'port' if k == 0 else 'anchorage',
            iso, la, lo, rad, ANCH_SRC % (n, label), role)
    return True

for id_, name, label in rus:
    if not emit_label('RUS', label, name, id_, 'interest'):
        la, lo = wpi[('RUS', label)]
        row(id_, name, 'port', 'RUS', la, lo, 6, WPI_SRC % label, 'interest')
# Dunai: not in WPI nor GFW lists; settlement coordinates 42 52'49"N 132 20'15"E (Wikipedia "Dunay, Primorsky Krai").
row('RUS-DUNAI', 'Dunai', 'port', 'RUS', 42.88028, 132.3375, 5,
    'Wikipedia "Dunay, Primorsky Krai" settlement coordinates (pier ~9 km S of Fokino per RUSI 2023; low confidence)', 'interest')
for iso, label, name in commercial:
    emit_label(iso, label, name, '%s-%s' % (iso, label.replace(' ', '-')))
for iso, label, name, rad in wpi_extra:
    la, lo = wpi[(iso, label)]
    role = 'interest' if iso == 'RUS' else ''
    row('%s-%s-WPI' % (iso, label.split()[0].replace("'", '')), name, 'port', iso, la, lo, rad, WPI_SRC % label, role)
for iso, label, name, rad in wpi_only:
    la, lo = wpi[(iso, label)]
    row('%s-%s' % (iso, label.split()[0].replace("'", '')), name, 'port', iso, la, lo, rad, WPI_SRC % label)

print('# vigil default ports and anchorages (format: docs/geography.md). Derived by tools/geo_derive.py;')
print('# positions are facts from the named sources, radii and clustering are vigil\'s own choices.')
seen = {}
for k, r in enumerate(rows):   # ids unique: a later duplicate gets a -WPI / -2 suffix
    id_ = r[0]
    while id_ in seen:
        id_ = id_ + ('-WPI' if not id_.endswith('-WPI') else '-2')
    seen[id_] = 1
    rows[k] = (id_,) + tuple(r[1:])
w = csv.writer(sys.stdout, lineterminator='\n')
w.writerow(['id', 'name', 'kind', 'iso3', 'lat', 'lon', 'radius_km', 'source', 'role'])
for r in rows:
    w.writerow(r)
