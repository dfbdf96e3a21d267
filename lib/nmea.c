/* nmea.c - NMEA AIS line framer: tag blocks, checksums, provider fields, $PGHP, reassembly. */
#include <string.h>

#include "vigil/nmea.h"
#include "vigil/error.h"

/* A little-endian 64-bit word as loaded by memcpy, in host order. */
static uint64_t le64(uint64_t x)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap64(x);
#else
	return x;
#endif
}

/* Hex digit value (either case) or -1. Strict: gpsd 3.22 accepts non-hex, we do not. */
#define HX(c) ((c) >= '0' && (c) <= '9' ? (c) - '0' : (c) >= 'a' && (c) <= 'f' ? (c) - 'a' + 10 : \
	       (c) >= 'A' && (c) <= 'F' ? (c) - 'A' + 10 : -1)
#define HXx4(c) HX(c), HX((c) + 1), HX((c) + 2), HX((c) + 3)
#define HXx16(c) HXx4(c), HXx4((c) + 4), HXx4((c) + 8), HXx4((c) + 12)
#define HXx64(c) HXx16(c), HXx16((c) + 16), HXx16((c) + 32), HXx16((c) + 48)
static const int8_t hex_tab[256] = { HXx64(0), HXx64(64), HXx64(128), HXx64(192) };
#undef HXx64
#undef HXx16
#undef HXx4
#undef HX

static int isdig(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Talker identifiers are two upper-case letters ("AI", "AB", "BS"...). */
static int is_talker(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* XOR of all bytes in [p, p+n), eight at a time; the tail as one overlapping load. */
static unsigned xor_bytes(const char *p, size_t n)
{
	uint64_t acc = 0, w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		acc ^= w;
	}
	if (i < n) {
		if (n >= 8) {
			/* The last 8 bytes, minus the ones already counted. */
			memcpy(&w, p + n - 8, 8);
			acc ^= le64(w) >> (8 * (8 - (n - i)));
		} else {
			unsigned x = 0;
			for (; i < n; i++)
				x ^= (unsigned char)p[i];
			acc ^= x;
		}
	}
	acc ^= acc >> 32;
	acc ^= acc >> 16;
	acc ^= acc >> 8;
	return (unsigned)(acc & 0xff);
}

/* Two hex digits at p (p+1 < end checked by caller) as a byte, or -1. */
static inline int hex2(const char *p)
{
	int a = hex_tab[(unsigned char)p[0]], b = hex_tab[(unsigned char)p[1]];

	return (a | b) < 0 ? -1 : a << 4 | b;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/*
 * An epoch of 9..13 digits: seconds, or milliseconds when too large to be
 * seconds (1e11 s is the year 5138, 1e11 ms is 1973). Returns ms or unknown.
 */
static int64_t parse_epoch(const char *p, const char *end)
{
	int64_t v = 0;
	size_t n = (size_t)(end - p), i, dot = n;

	for (i = 0; i < n; i++) {
		if (p[i] == '.' && dot == n) {
			dot = i;
			continue;
		}
		if (!isdig((unsigned char)p[i]))
			return VIGIL_NMEA_TIME_UNKNOWN;
	}
	if (dot < 9 || dot > 13)
		return VIGIL_NMEA_TIME_UNKNOWN;
	for (i = 0; i < dot; i++)
		v = v * 10 + (p[i] - '0');
	if (v >= 100000000000LL)
		return v;
	v *= 1000;
	/* Fractional seconds, to the millisecond. */
	if (dot < n) {
		int64_t f = 0, scale = 100;
		for (i = dot + 1; i < n && scale; i++, scale /= 10)
			f += (p[i] - '0') * scale;
		v += f;
	}
	return v;
}

static void copy_station(char *dst, const char *p, const char *end)
{
	size_t n = (size_t)(end - p);

	if (n > VIGIL_NMEA_STATION_MAX)
		n = VIGIL_NMEA_STATION_MAX;
	memcpy(dst, p, n);
	dst[n] = 0;
}

/* Small unsigned decimal in [p, end), at most 9 digits; -1 if empty or not digits. */
static long small_num(const char *p, const char *end)
{
	long v = 0;

	if (p >= end || end - p > 9)
		return -1;
	for (; p < end; p++) {
		if (!isdig((unsigned char)*p))
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v;
}

int vigil_nmea_tagblock(const char *s, size_t len, int64_t *time_ms, char *station,
			unsigned *g_seq, unsigned *g_total, uint32_t *g_id)
{
	const char *star, *end = s + len, *p, *f;
	int ck;

	*time_ms = VIGIL_NMEA_TIME_UNKNOWN;
	station[0] = 0;
	*g_seq = *g_total = 0;
	*g_id = 0;
	star = memchr(s, '*', len);
	if (!star || end - star != 3)
		return 0;
	ck = hex2(star + 1);
	if (ck < 0 || (unsigned)ck != xor_bytes(s, (size_t)(star - s)))
		return 0;
	for (p = s; p < star; p = f + 1) {
		const char *colon, *v;

		f = memchr(p, ',', (size_t)(star - p));
		if (!f)
			f = star;
		colon = memchr(p, ':', (size_t)(f - p));
		if (!colon)
			continue;
		v = colon + 1;
		if (colon - p == 1 && *p == 'c') {
			*time_ms = parse_epoch(v, f);
		} else if (colon - p == 1 && *p == 's') {
			copy_station(station, v, f);
		} else if (colon - p == 1 && *p == 'g') {
			/* g:<seq>-<total>-<id> */
			const char *d1 = memchr(v, '-', (size_t)(f - v)), *d2;
			long a, b, c;
			if (!d1)
				continue;
			d2 = memchr(d1 + 1, '-', (size_t)(f - d1 - 1));
			if (!d2)
				continue;
			a = small_num(v, d1);
			b = small_num(d1 + 1, d2);
			c = small_num(d2 + 1, f);
			if (a >= 1 && b >= a && b <= 9 && c >= 0) {
				*g_seq = (unsigned)a;
				*g_total = (unsigned)b;
				*g_id = (uint32_t)c;
			}
		} else if (colon - p == 3 && p[1] == 'G' && isdig((unsigned char)p[0]) &&
			   isdig((unsigned char)p[2])) {
			/* NMEA 4.0 grouping parameter "<seq>G<total>:<id>". */
			long c = small_num(v, f);
			unsigned a = (unsigned)(p[0] - '0'), b = (unsigned)(p[2] - '0');
			if (a >= 1 && b >= a && c >= 0) {
				*g_seq = a;
				*g_total = b;
				*g_id = (uint32_t)c;
			}
		}
	}
	return 1;
}

#define REP8(c) (0x0101010101010101ull * (unsigned char)(c))

/* High bit set in each zero byte of x; the lowest set bit is exact (borrows only run upwards). */
static inline uint64_t zero_bytes(uint64_t x)
{
	return (x - REP8(1)) & ~x & REP8(0x80);
}

/* The 8 bytes at p as a little-endian word (byte p[0] lowest). */
static inline uint64_t load_le(const char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return le64(w);
}

/* First byte of [p, end) equal to a, b or c, or end. */
static inline const char *find3(const char *p, const char *end, char a, char b, char c)
{
	for (; end - p >= 8; p += 8) {
		uint64_t w = load_le(p), m = zero_bytes(w ^ REP8(a)) | zero_bytes(w ^ REP8(b)) | zero_bytes(w ^ REP8(c));

		if (m)
			return p + (__builtin_ctzll(m) >> 3);
	}
	while (p < end && *p != a && *p != b && *p != c)
		p++;
	return p;
}

/* The value of the 8 decimal digits at p (p[0] most significant), or -1 if one is not a digit. */
static inline int64_t digits8(const char *p)
{
	uint64_t w = load_le(p);

	if ((w & REP8(0xf0)) != REP8(0x30) || ((w + REP8(0x06)) & REP8(0xf0)) != REP8(0x30))
		return -1;
	w -= REP8(0x30);
	w = ((w * 10) + (w >> 8)) & 0x00ff00ff00ff00ffull;
	w = ((w * 100) + (w >> 16)) & 0x0000ffff0000ffffull;
	return (int64_t)(((w * 10000) + (w >> 32)) & 0xffffffffull);
}

/* Up to 9 digits at *pp, stopping at the first non-digit; -1 when none or more than 9. */
static long fast_num(const char **pp, const char *end)
{
	const char *p = *pp;
	long v = 0;

	while (p < end && isdig((unsigned char)*p) && p - *pp < 10)
		v = v * 10 + (*p++ - '0');
	if (p == *pp || p - *pp > 9)
		return -1;
	*pp = p;
	return v;
}

/*
 * The common tag block in one pass: fields "c:<9..13 digits>", "s:<station>"
 * and "g:<seq>-<total>-<id>" only, '*', two hex digits and the closing
 * backslash. s is past the opening backslash. Returns 1 with the fields (as
 * vigil_nmea_tagblock gives them for the same block) and *close (the closing
 * backslash) when the block has that shape and a valid checksum; 0 otherwise,
 * and the caller takes the general path, which also does the counting.
 */
static int tagblock_fast(const char *s, const char *end, int64_t *time_ms, char *station, unsigned *g_seq,
			 unsigned *g_total, uint32_t *g_id, const char **close)
{
	const char *p = s, *v;
	int ck;

	*time_ms = VIGIL_NMEA_TIME_UNKNOWN;
	station[0] = 0;
	*g_seq = *g_total = 0;
	*g_id = 0;
	for (;;) {
		if (end - p < 3 || p[1] != ':')
			return 0;
		v = p + 2;
		if (p[0] == 'c') {
			int64_t t = 0;

			p = v;
			if (end - p >= 8 && (t = digits8(p)) >= 0)
				p += 8;
			else
				t = 0;
			for (; p < end && isdig((unsigned char)*p) && p - v < 14; p++)
				t = t * 10 + (*p - '0');
			if (p - v < 9 || p - v > 13)
				return 0;
			*time_ms = t >= 100000000000LL ? t : t * 1000;
		} else if (p[0] == 's') {
			p = find3(v, end, ',', '*', '\\');
			copy_station(station, v, p);
		} else if (p[0] == 'g') {
			long a, b, c;

			p = v;
			if ((a = fast_num(&p, end)) < 0 || p >= end || *p++ != '-' || (b = fast_num(&p, end)) < 0 ||
			    p >= end || *p++ != '-' || (c = fast_num(&p, end)) < 0 || !(a >= 1 && b >= a && b <= 9))
				return 0;
			*g_seq = (unsigned)a;
			*g_total = (unsigned)b;
			*g_id = (uint32_t)c;
		} else {
			return 0;
		}
		if (p >= end)
			return 0;
		if (*p == '*')
			break;
		if (*p != ',')
			return 0;
		p++;
	}
	if (end - p < 4 || p[3] != '\\' || (ck = hex2(p + 1)) < 0 || (unsigned)ck != xor_bytes(s, (size_t)(p - s)))
		return 0;
	*close = p + 3;
	return 1;
}

const char *vigil_nmea_time_src_name(enum vigil_nmea_time_src s)
{
	switch (s) {
	case VIGIL_NMEA_TIME_TAG:
		return "tag";
	case VIGIL_NMEA_TIME_TRAILING:
		return "trailing";
	case VIGIL_NMEA_TIME_PGHP:
		return "pghp";
	default:
		return "none";
	}
}

void vigil_nmea_init(struct vigil_nmea_ctx *ctx)
{
	memset(ctx, 0, offsetof(struct vigil_nmea_ctx, slot));
	ctx->now_ms = VIGIL_NMEA_TIME_UNKNOWN;
	ctx->pghp_ms = VIGIL_NMEA_TIME_UNKNOWN;
	ctx->pghp_ck = -1;
	ctx->max_age = VIGIL_NMEA_MAX_AGE_SENTENCES;
	ctx->max_age_ms = VIGIL_NMEA_MAX_AGE_MS;
	ctx->nslots = VIGIL_NMEA_SLOTS;
}

void vigil_nmea_skip_line(struct vigil_nmea_ctx *ctx)
{
	ctx->lineno++;
	ctx->stats.lines++;
	ctx->stats.junk++;
	ctx->rest = NULL;
}

static void drop_slot(struct vigil_nmea_ctx *ctx, unsigned i)
{
	ctx->stats.orphans += (uint64_t)ctx->slot[i].next - 1;
	ctx->key[i] = 0;
	ctx->used--;
}

void vigil_nmea_flush(struct vigil_nmea_ctx *ctx)
{
	unsigned i;

	for (i = 0; i < VIGIL_NMEA_SLOTS; i++)
		if (ctx->key[i])
			drop_slot(ctx, i);
	ctx->rest = NULL;
}

/*
 * Eight armor characters (a little-endian word) to 48 bits, SIMD within a
 * register; *bad gets a high bit for any character outside the armor set.
 */
static inline uint64_t armor8(uint64_t w, uint64_t *bad)
{
	const uint64_t ones = 0x0101010101010101ull, high = ones * 0x80;
	/* For bytes below 0x80, (x + 0x80 - k) has its top bit set iff x >= k. */
	uint64_t ge60 = (w + ones * 0x20) & high;
	uint64_t ok = (((w + ones * 0x50) & ~(w + ones * 0x28)) | (ge60 & ~(w + ones * 0x08))) & high;
	uint64_t v;

	*bad |= (ok ^ high) | (w & high);
	v = w - ones * 0x30 - (ge60 >> 4);
	v = ((v & 0x00ff00ff00ff00ffull) << 6) | ((v >> 8) & 0x00ff00ff00ff00ffull);
	v = ((v & 0x0000ffff0000ffffull) << 12) | ((v >> 16) & 0x0000ffff0000ffffull);
	return ((v & 0xffffffffull) << 24) | (v >> 32);
}

/* Big-endian store of v at o (8 bytes). */
static inline void put64(uint8_t *o, uint64_t v)
{
#if !(defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)
	v = __builtin_bswap64(v);
#endif
	memcpy(o, &v, 8);
}

/*
 * De-armor a whole fragment into an empty payload: 32 characters (four groups
 * of eight, 192 bits) at a time into three big-endian 64-bit words stored at
 * 8-byte steps (one store per word, so a reader that loads the same aligned
 * words gets them from the store buffer); the last block padded with '0'
 * (six zero bits each); then zero the rest of the buffer so the tail-is-zero
 * rule holds.
 */
static int dearmor_first(struct vigil_ais_payload *pl, const char *s, size_t n, unsigned fill)
{
	uint8_t *o = pl->bits;
	uint64_t bad = 0, w, g[4];
	size_t i = 0, used;

	if (n == 0 || n * 6 > VIGIL_AIS_MAXBITS + fill || n * 6 < fill)
		return VIGIL_E_LENGTH;
	/*
	 * n <= (2048 + 9) / 6 = 342 characters: at most 11 blocks of 24 bytes,
	 * 264 bytes = sizeof(bits).
	 */
	for (; i < n; i += 32, o += 24) {
		size_t r = n - i;
		unsigned j;

		if (r >= 32) {
			for (j = 0; j < 4; j++) {
				memcpy(&w, s + i + 8 * j, 8);
				g[j] = armor8(le64(w), &bad);
			}
		} else {
			size_t fg = r >> 3; /* full groups: 0..3 */

			g[1] = g[2] = g[3] = 0; /* groups past the end: all padding */
			switch (fg) {
			case 3:
				memcpy(&w, s + i + 16, 8);
				g[2] = armor8(le64(w), &bad);
				/* fallthrough */
			case 2:
				memcpy(&w, s + i + 8, 8);
				g[1] = armor8(le64(w), &bad);
				/* fallthrough */
			case 1:
				memcpy(&w, s + i, 8);
				g[0] = armor8(le64(w), &bad);
				break;
			default:
				break;
			}
			j = (unsigned)fg;
			if (r & 7) {
				unsigned t = (unsigned)(r & 7);

				if (n >= 8) {
					/* The last t characters then '0's: one overlapping load. */
					memcpy(&w, s + n - 8, 8);
					w = le64(w) >> (8 * (8 - t)) | 0x3030303030303030ull << (8 * t);
				} else {
					char tail[8];

					memset(tail, '0', 8);
					memcpy(tail, s, n);
					memcpy(&w, tail, 8);
					w = le64(w);
				}
				g[j] = armor8(w, &bad);
			}
		}
		put64(o, g[0] << 16 | g[1] >> 32);
		put64(o + 8, g[1] << 32 | g[2] >> 16);
		put64(o + 16, g[2] << 48 | g[3]);
	}
	if (bad)
		return VIGIL_E_PARSE;
	/*
	 * The fill bits stay past nbits (gpsd reads them in hex dumps, see
	 * ais.h); everything after the last character is zero (the padding
	 * characters above).
	 */
	pl->nbits = n * 6 - fill;
	used = (size_t)(o - pl->bits);
	memset(pl->bits + used, 0, sizeof(pl->bits) - used);
	return VIGIL_E_OK;
}

static void count_payload_error(struct vigil_nmea_ctx *ctx, int e)
{
	if (e == VIGIL_E_PARSE)
		ctx->stats.bad_char++;
	else
		ctx->stats.bad_length++;
}

/*
 * A completed message whose first six payload bits are t6. Callers take them
 * from the text or the reassembly slot rather than from the bytes just
 * stored into m (no wait on store forwarding).
 */
static void finish(struct vigil_nmea_ctx *ctx, struct vigil_nmea_msg *m, unsigned t6)
{
	unsigned t = m->payload.nbits >= 6 ? t6 : 0;

	m->type = t;
	ctx->stats.messages++;
	ctx->stats.by_type[t]++;
}

/* Per-sentence metadata gathered from tag blocks, provider fields and $PGHP. */
struct meta {
	int64_t time_ms;
	enum vigil_nmea_time_src src;
	char station[VIGIL_NMEA_STATION_MAX + 1];
	unsigned g_seq, g_total;
	uint32_t g_id;
};

/* What one tag block says (time, station, group) over what earlier ones said. */
static void tag_merge(struct meta *mt, const struct meta *tb)
{
	if (tb->time_ms != VIGIL_NMEA_TIME_UNKNOWN) {
		mt->time_ms = tb->time_ms;
		mt->src = VIGIL_NMEA_TIME_TAG;
	}
	if (tb->station[0])
		memcpy(mt->station, tb->station, sizeof(mt->station));
	if (tb->g_total) {
		mt->g_seq = tb->g_seq;
		mt->g_total = tb->g_total;
		mt->g_id = tb->g_id;
	}
}

/* Provider fields after a sentence's checksum: ",epoch" or ",d-109,...,rSTATION,epoch,epoch". */
static void trailing_fields(const char *p, const char *end, struct meta *mt)
{
	int64_t t = VIGIL_NMEA_TIME_UNKNOWN;
	const char *f;

	while (p < end && *p == ',') {
		p++;
		f = memchr(p, ',', (size_t)(end - p));
		if (!f)
			f = end;
		if (f > p) {
			if ((*p == 'r' || *p == 'b' || *p == 'B') && !mt->station[0] && f - p > 1)
				copy_station(mt->station, p, f);
			else if (t == VIGIL_NMEA_TIME_UNKNOWN && isdig((unsigned char)*p))
				t = parse_epoch(p, f);
		}
		p = f;
	}
	if (t != VIGIL_NMEA_TIME_UNKNOWN && mt->src == VIGIL_NMEA_TIME_NONE) {
		mt->time_ms = t;
		mt->src = VIGIL_NMEA_TIME_TRAILING;
	}
}

/*
 * $PGHP,1,<yyyy>,<mm>,<dd>,<hh>,<mi>,<ss>,<ms>,<mid>,<region>,<pss>,<online>,<ck>*hh
 * (Gatehouse). The last field is the checksum of the sentence it precedes.
 */
static void pghp(struct vigil_nmea_ctx *ctx, const char *p, const char *end)
{
	const char *star = memchr(p, '*', (size_t)(end - p)), *f, *q;
	long v[14];
	unsigned n = 0;
	int ck;

	if (!star || end - star < 3 || (ck = hex2(star + 1)) < 0 ||
	    (unsigned)ck != xor_bytes(p + 1, (size_t)(star - p - 1))) {
		ctx->stats.bad_checksum++;
		return;
	}
	ctx->stats.pghp++;
	ctx->pghp_ms = VIGIL_NMEA_TIME_UNKNOWN;
	ctx->pghp_ck = -1;
	for (q = p + 6; q <= star && n < 14; q = f + 1) {
		f = q;
		while (f < star && *f != ',')
			f++;
		v[n++] = f == q ? -2 : small_num(q, f);
		if (n == 13 && f - q == 2)
			ctx->pghp_ck = hex2(q);
	}
	if (n < 8 || v[0] != 1)
		return;
	if (v[1] < 1970 || v[1] > 9999 || v[2] < 1 || v[2] > 12 || v[3] < 1 || v[3] > 31 ||
	    v[4] < 0 || v[4] > 23 || v[5] < 0 || v[5] > 59 || v[6] < 0 || v[6] > 60)
		return;
	ctx->pghp_ms = (days_from_civil(v[1], (unsigned)v[2], (unsigned)v[3]) * 86400 +
			v[4] * 3600 + v[5] * 60 + v[6]) * 1000 + (v[7] >= 0 && v[7] < 1000 ? v[7] : 0);
}

/* Reassembly key of a fragment. Groups (tag block g:) key on their id alone. */
static uint64_t frag_key(const struct meta *mt, const char *hdr, char chan, char seq,
			 unsigned total)
{
	if (mt->g_total == total && mt->g_total)
		return 1ull << 63 | (uint64_t)mt->g_id << 8 | total;
	return 1ull << 62 | (uint64_t)(unsigned char)hdr[1] << 40 |
	       (uint64_t)(unsigned char)hdr[2] << 32 | (uint64_t)(unsigned char)hdr[5] << 24 |
	       (uint64_t)(unsigned char)chan << 16 | (uint64_t)(unsigned char)seq << 8 | total;
}

/* Find the slot for key, expiring stale ones on the way. Returns index or -1. */
static int find_slot(struct vigil_nmea_ctx *ctx, uint64_t key)
{
	unsigned i, left = ctx->used;
	int hit = -1;

	/* Every occupied slot is visited (stale ones expire); the scan stops after the last. */
	for (i = 0; i < VIGIL_NMEA_SLOTS && left; i++) {
		if (!ctx->key[i])
			continue;
		left--;
		if (ctx->nsent - ctx->seen[i] > ctx->max_age ||
		    (ctx->now_ms != VIGIL_NMEA_TIME_UNKNOWN &&
		     ctx->slot[i].last_time != VIGIL_NMEA_TIME_UNKNOWN &&
		     ctx->now_ms - ctx->slot[i].last_time > ctx->max_age_ms))
			drop_slot(ctx, i);
		else if (ctx->key[i] == key)
			hit = (int)i;
	}
	return hit;
}

/*
 * Some senders number the fragments of one message with different sequence
 * ids (gpsd, which ignores the id, joins them). Accept a fragment into the
 * slot that differs only in the sequence id when that slot's last fragment was
 * the sentence just before this one and it expects this fragment number.
 */
static int find_adjacent(struct vigil_nmea_ctx *ctx, uint64_t key, unsigned num)
{
	const uint64_t mask = ~(0xffull << 8);
	unsigned i;

	for (i = 0; i < VIGIL_NMEA_SLOTS; i++)
		if (ctx->key[i] && !(ctx->key[i] >> 63) && (ctx->key[i] & mask) == (key & mask) &&
		    ctx->seen[i] + 1 == ctx->nsent && ctx->slot[i].next == num)
			return (int)i;
	return -1;
}

/* A free slot, evicting the oldest partial message when the table is full. */
static unsigned new_slot(struct vigil_nmea_ctx *ctx)
{
	unsigned i, cap = ctx->nslots && ctx->nslots <= VIGIL_NMEA_SLOTS ? ctx->nslots : VIGIL_NMEA_SLOTS;
	unsigned oldest = 0;

	if (ctx->used >= cap) {
		for (i = 0; i < VIGIL_NMEA_SLOTS; i++)
			if (ctx->key[i] && ctx->seen[i] < ctx->seen[oldest])
				oldest = i;
		if (!ctx->key[oldest])
			for (i = 0; i < VIGIL_NMEA_SLOTS; i++)
				if (ctx->key[i]) {
					oldest = i;
					break;
				}
		drop_slot(ctx, oldest);
		return oldest;
	}
	for (i = 0; i < VIGIL_NMEA_SLOTS; i++)
		if (!ctx->key[i])
			return i;
	return 0; /* unreachable: used < cap <= VIGIL_NMEA_SLOTS */
}

static void set_meta(struct vigil_nmea_msg *m, const char *hdr, char chan, unsigned total,
		     const struct meta *mt, uint64_t lineno, uint64_t off)
{
	m->talker[0] = hdr[1];
	m->talker[1] = hdr[2];
	m->talker[2] = 0;
	m->vdo = hdr[5] == 'O';
	m->channel = chan;
	m->nfrags = (uint8_t)total;
	m->time_ms = mt->time_ms;
	m->time_src = mt->src;
	memcpy(m->station, mt->station, sizeof(m->station));
	m->first_line = m->last_line = lineno;
	m->first_offset = m->last_offset = off;
}

/*
 * One VDM/VDO sentence at p (p[0] == '!', header checked). Returns 1 when a
 * message completed into *out. *next is set past the sentence and its
 * provider fields (at a following sentence on the same line, or end).
 */
static int sentence(struct vigil_nmea_ctx *ctx, const char *p, const char *end, uint64_t off,
		    struct meta *mt, struct vigil_nmea_msg *out, const char **next)
{
	const char *q = p + 6, *pay, *pend, *star;
	unsigned total, num, fill;
	char seq = 0, chan = 0;
	int ck, e;

	*next = end;
	ctx->stats.sentences++;
	ctx->nsent++;
	/* Fast structural parse: ",T,N,[S],[C],payload,F*hh". */
	if (end - q < 12 || q[0] != ',' || !isdig((unsigned char)q[1]) || q[2] != ',' ||
	    !isdig((unsigned char)q[3]) || q[4] != ',')
		goto slow;
	total = (unsigned)(q[1] - '0');
	num = (unsigned)(q[3] - '0');
	q += 5;
	if (isdig((unsigned char)*q)) {
		seq = *q++;
	}
	if (*q++ != ',')
		goto slow;
	if (*q != ',') {
		chan = *q++;
		if (*q != ',') {
			ctx->stats.bad_channel++;
			return 0;
		}
	}
	q++;
	pay = q;
	pend = memchr(q, ',', (size_t)(end - q));
	if (!pend || end - pend < 4)
		goto slow;
	q = pend + 1;
	if (*q == '*') {
		fill = 0; /* empty fill field, as gpsd tolerates */
		star = q;
	} else {
		fill = (unsigned)(*q - '0');
		star = q + 1;
		if (*star != '*' || fill > 9)
			goto slow;
	}
	if (end - star < 3 || (ck = hex2(star + 1)) < 0 || (unsigned)ck != xor_bytes(p + 1, (size_t)(star - p - 1))) {
		ctx->stats.bad_checksum++;
		return 0;
	}
	q = star + 3;
	if (q < end) {
		/* Provider fields, up to another sentence glued on the same line. */
		const char *r = q;
		while (r < end && *r != '\\' && *r != '!' && *r != '$')
			r++;
		/* A lone backslash (e.g. a literal "\x0d\x0a") starts no tag block. */
		if (r < end && *r == '\\' && !memchr(r + 1, '\\', (size_t)(end - r - 1)))
			r = end;
		*next = r;
		if (*q == ',')
			trailing_fields(q, r, mt);
	}
	/* Pending $PGHP time applies if its announced checksum matches (or none was given). */
	if (ctx->pghp_ms != VIGIL_NMEA_TIME_UNKNOWN) {
		if (mt->src == VIGIL_NMEA_TIME_NONE && (ctx->pghp_ck < 0 || ctx->pghp_ck == ck)) {
			mt->time_ms = ctx->pghp_ms;
			mt->src = VIGIL_NMEA_TIME_PGHP;
		}
		ctx->pghp_ms = VIGIL_NMEA_TIME_UNKNOWN;
		ctx->pghp_ck = -1;
	}
	/*
	 * Fragments expire against this sentence's own time, not the newest ever
	 * seen: one sentence with a clock years ahead must not expire every later
	 * multi-part message.
	 */
	ctx->now_ms = mt->time_ms;
	if (total < 1 || num < 1 || num > total || fill > 5) {
		ctx->stats.bad_length++;
		return 0;
	}
	if (total == 1) {
		e = dearmor_first(&out->payload, pay, (size_t)(pend - pay), fill);
		if (e) {
			count_payload_error(ctx, e);
			return 0;
		}
		set_meta(out, p, chan, 1, mt, ctx->lineno, off);
		/* The first character's armor value (validated by dearmor_first). */
		{
			unsigned v = (unsigned)(unsigned char)pay[0] - 48;
			finish(ctx, out, v > 40 ? v - 8 : v);
		}
		return 1;
	}
	{
		uint64_t key = frag_key(mt, p, chan, seq, total);
		int i = find_slot(ctx, key);
		struct vigil__nmea_slot *s;

		if (num == 1) {
			if (i >= 0)
				drop_slot(ctx, (unsigned)i);
			i = (int)new_slot(ctx);
			s = &ctx->slot[i];
			e = dearmor_first(&s->msg.payload, pay, (size_t)(pend - pay), fill);
			if (e) {
				count_payload_error(ctx, e);
				return 0;
			}
			set_meta(&s->msg, p, chan, total, mt, ctx->lineno, off);
			s->next = 2;
			s->total = (uint8_t)total;
			s->last_time = mt->time_ms;
			ctx->key[i] = key;
			ctx->seen[i] = ctx->nsent;
			ctx->used++;
			return 0;
		}
		if (i < 0 && !(key >> 63))
			i = find_adjacent(ctx, key, num);
		if (i < 0) {
			ctx->stats.orphans++;
			return 0;
		}
		s = &ctx->slot[i];
		if (s->next != num) {
			drop_slot(ctx, (unsigned)i);
			ctx->stats.orphans++;
			return 0;
		}
		e = vigil_ais_payload_append(&s->msg.payload, pay, (size_t)(pend - pay), fill);
		if (e) {
			count_payload_error(ctx, e);
			drop_slot(ctx, (unsigned)i);
			return 0;
		}
		s->next++;
		ctx->seen[i] = ctx->nsent;
		s->msg.last_line = ctx->lineno;
		s->msg.last_offset = off;
		if (mt->time_ms != VIGIL_NMEA_TIME_UNKNOWN) {
			s->last_time = mt->time_ms;
			if (s->msg.time_src == VIGIL_NMEA_TIME_NONE) {
				s->msg.time_ms = mt->time_ms;
				s->msg.time_src = mt->src;
			}
		}
		if (!s->msg.station[0] && mt->station[0])
			memcpy(s->msg.station, mt->station, sizeof(s->msg.station));
		if (num < total)
			return 0;
		memcpy(out, &s->msg, sizeof(*out));
		ctx->key[i] = 0;
		ctx->used--;
		finish(ctx, out, s->msg.payload.bits[0] >> 2);
		return 1;
	}

slow:
	/* Not the common shape: tell a bad checksum from a malformed sentence. */
	star = memchr(p, '*', (size_t)(end - p));
	if (!star || end - star < 3 || (ck = hex2(star + 1)) < 0 ||
	    (unsigned)ck != xor_bytes(p + 1, (size_t)(star - p - 1)))
		ctx->stats.bad_checksum++;
	else
		ctx->stats.bad_length++;
	return 0;
}

int vigil_nmea_line(struct vigil_nmea_ctx *ctx, const char *line, size_t len, uint64_t offset,
		    struct vigil_nmea_msg *out)
{
	const char *p, *end;

	if (!line) {
		if (!ctx->rest)
			return 0;
		p = ctx->rest;
		end = p + ctx->rest_len;
		offset = ctx->rest_offset;
		ctx->rest = NULL;
	} else {
		ctx->rest = NULL;
		ctx->lineno++;
		ctx->stats.lines++;
		p = line;
		end = line + len;
		while (end > p && (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n'))
			end--;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end) {
			ctx->stats.blank++;
			return 0;
		}
	}
	while (p < end) {
		struct meta mt;
		const char *next;

		mt.time_ms = VIGIL_NMEA_TIME_UNKNOWN;
		mt.src = VIGIL_NMEA_TIME_NONE;
		mt.station[0] = 0;
		mt.g_seq = mt.g_total = 0;
		mt.g_id = 0;
		while (*p == '\\') {
			const char *q;
			struct meta tb;

			if (tagblock_fast(p + 1, end, &tb.time_ms, tb.station, &tb.g_seq, &tb.g_total, &tb.g_id, &q)) {
				tag_merge(&mt, &tb);
				p = q + 1;
				if (p == end) {
					ctx->stats.junk++;
					return 0;
				}
				continue;
			}
			q = memchr(p + 1, '\\', (size_t)(end - p - 1));
			if (!q) {
				ctx->stats.bad_tagblock++;
				return 0;
			}
			if (vigil_nmea_tagblock(p + 1, (size_t)(q - p - 1), &tb.time_ms, tb.station,
						&tb.g_seq, &tb.g_total, &tb.g_id)) {
				tag_merge(&mt, &tb);
			} else {
				ctx->stats.bad_tagblock++;
			}
			p = q + 1;
			if (p == end) {
				ctx->stats.junk++;
				return 0;
			}
		}
		if (*p == '!' && end - p >= 6 && p[3] == 'V' && p[4] == 'D' &&
		    (p[5] == 'M' || p[5] == 'O') && is_talker(p[1]) && is_talker(p[2])) {
			int r = sentence(ctx, p, end, offset, &mt, out, &next);
			if (r) {
				if (next < end) {
					ctx->rest = next;
					ctx->rest_len = (size_t)(end - next);
					ctx->rest_offset = offset;
				}
				return 1;
			}
			p = next;
			continue;
		}
		if (*p == '$' && end - p >= 5 && memcmp(p, "$PGHP", 5) == 0) {
			pghp(ctx, p, end);
			return 0;
		}
		if (*p == '$' || *p == '!')
			ctx->stats.other_nmea++;
		else
			ctx->stats.junk++;
		return 0;
	}
	return 0;
}
