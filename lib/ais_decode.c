/* ais_decode.c - AIS message types 1-27 from payload bits into struct vigil_ais_msg (gpsd 3.22 rules). */
#include <string.h>

#include "vigil/ais.h"
#include "vigil/ais_app.h"
#include "vigil/error.h"

/*
 * Field readers: one unaligned big-endian 64-bit load per field (the payload
 * keeps 8 spare bytes), the same results as vigil__bits_u/_s in bits.h, which
 * GCC compiles to eight byte loads. Starts are bit offsets, widths 1..32.
 */
static inline uint64_t be64_at(const struct vigil_ais_payload *p, size_t byte)
{
	uint64_t w;

	memcpy(&w, p->bits + byte, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return w;
#else
	return __builtin_bswap64(w);
#endif
}

static inline uint32_t rd_u(const struct vigil_ais_payload *p, size_t start, unsigned width)
{
	if ((start >> 3) + 8 > sizeof(p->bits))
		return 0;
	return (uint32_t)((be64_at(p, start >> 3) << (start & 7)) >> (64 - width));
}

static inline int32_t rd_s(const struct vigil_ais_payload *p, size_t start, unsigned width)
{
	uint32_t u = rd_u(p, start, width), sign = 1u << (width - 1);

	return (int32_t)((u ^ sign) - sign);
}

#define U(s, w) rd_u(p, (s), (w))
#define S(s, w) rd_s(p, (s), (w))

/* Six-bit ASCII (ITU-R M.1371 table 47). */
static const char sixchr[65] =
	"@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?";

/* Cut trailing spaces and '@' off the n characters at s; NUL-terminate. */
static void trim_right(char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '@'))
		n--;
	s[n] = 0;
}

/*
 * count six-bit characters at bit start into out (room for count + 1),
 * stopping at the first '@' as gpsd does; returns the length before trimming.
 */
static size_t sixbit_untrimmed(const struct vigil_ais_payload *p, size_t start,
			       size_t count, char *out)
{
	size_t i;

	for (i = 0; i < count; i++) {
		char c = sixchr[U(start + 6 * i, 6)];
		if (c == '@')
			break;
		out[i] = c;
	}
	out[i] = 0;
	return i;
}

static void sixbit(const struct vigil_ais_payload *p, size_t start, size_t count, char *out)
{
	trim_right(out, sixbit_untrimmed(p, start, count, out));
}

/* Copy n bytes of the payload starting at byte `from` (the buffer has 8 spare bytes). */
static void copy_bytes(const struct vigil_ais_payload *p, size_t from, uint8_t *to, size_t n)
{
	if (from + n > sizeof(p->bits))
		n = from < sizeof(p->bits) ? sizeof(p->bits) - from : 0;
	memcpy(to, p->bits + from, n);
}

#define BYTES(bits) (((bits) + 7) / 8)

static int decode_pos(const struct vigil_ais_payload *p, struct vigil_ais_pos *t)
{
	size_t n = p->nbits;

	if (n < 163)
		return VIGIL_E_LENGTH;
	t->status = (uint8_t)U(38, 4);
	t->turn = (int8_t)S(42, 8);
	t->speed = (uint16_t)U(50, 10);
	t->accuracy = (uint8_t)U(60, 1);
	t->lon = S(61, 28);
	t->lat = S(89, 27);
	t->course = (uint16_t)U(116, 12);
	t->heading = (uint16_t)U(128, 9);
	t->second = (uint8_t)U(137, 6);
	t->maneuver = (uint8_t)U(143, 2);
	t->raim = (uint8_t)U(148, 1);
	/* gpsd reads whatever is left of the radio field of a short message. */
	t->radio = U(149, n >= 168 ? 19 : (unsigned)(n - 149));
	return VIGIL_E_OK;
}

static int decode_base(const struct vigil_ais_payload *p, struct vigil_ais_base *t)
{
	if (p->nbits < 168)
		return VIGIL_E_LENGTH;
	t->year = (uint16_t)U(38, 14);
	t->month = (uint8_t)U(52, 4);
	t->day = (uint8_t)U(56, 5);
	t->hour = (uint8_t)U(61, 5);
	t->minute = (uint8_t)U(66, 6);
	t->second = (uint8_t)U(72, 6);
	t->accuracy = (uint8_t)U(78, 1);
	t->lon = S(79, 28);
	t->lat = S(107, 27);
	t->epfd = (uint8_t)U(134, 4);
	t->raim = (uint8_t)U(148, 1);
	t->radio = U(149, 19);
	return VIGIL_E_OK;
}

static int decode_static(const struct vigil_ais_payload *p, struct vigil_ais_static *t)
{
	/* Many transmitters send 420 or 422 bits instead of 424; gpsd accepts >= 420. */
	if (p->nbits < 420)
		return VIGIL_E_LENGTH;
	t->ais_version = (uint8_t)U(38, 2);
	t->imo = U(40, 30);
	sixbit(p, 70, 7, t->callsign);
	sixbit(p, 112, 20, t->shipname);
	t->shiptype = (uint8_t)U(232, 8);
	t->to_bow = (uint16_t)U(240, 9);
	t->to_stern = (uint16_t)U(249, 9);
	t->to_port = (uint8_t)U(258, 6);
	t->to_starboard = (uint8_t)U(264, 6);
	t->epfd = (uint8_t)U(270, 4);
	t->month = (uint8_t)U(274, 4);
	t->day = (uint8_t)U(278, 5);
	t->hour = (uint8_t)U(283, 5);
	t->minute = (uint8_t)U(288, 6);
	t->draught = (uint8_t)U(294, 8);
	sixbit(p, 302, 20, t->destination);
	t->dte = p->nbits >= 423 ? (uint8_t)U(422, 1) : 0;
	return VIGIL_E_OK;
}

static int decode_binary(const struct vigil_ais_payload *p, unsigned type,
			 struct vigil_ais_binary *t)
{
	size_t n = p->nbits, hdr;

	if (type == 6) {
		if (n < 88 || n > 1008)
			return VIGIL_E_LENGTH;
		t->seqno = (uint8_t)U(38, 2);
		t->dest_mmsi = U(40, 30);
		t->retransmit = (uint8_t)U(70, 1);
		t->dac = (uint16_t)U(72, 10);
		t->fid = (uint8_t)U(82, 6);
		hdr = 88;
	} else {
		if (n < 56 || n > 1008)
			return VIGIL_E_LENGTH;
		t->seqno = 0;
		t->dest_mmsi = 0;
		t->retransmit = 0;
		t->dac = (uint16_t)U(40, 10);
		t->fid = (uint8_t)U(50, 6);
		hdr = 56;
	}
	t->bitcount = (uint16_t)(n - hdr);
	t->structured = (uint8_t)(vigil_ais_app_decode(p, type, &t->app) == 1);
	if (!t->structured) {
		size_t nb = BYTES(t->bitcount);
		copy_bytes(p, hdr / 8, t->data, nb);
		/* gpsd masks the unused bits of the last byte for type 8 only. */
		if (type == 8 && (t->bitcount & 7))
			t->data[nb - 1] &= (uint8_t)(0xff00u >> (t->bitcount & 7));
	}
	return VIGIL_E_OK;
}

static int decode_ack(const struct vigil_ais_payload *p, struct vigil_ais_ack *t)
{
	size_t n = p->nbits;
	unsigned i;

	if (n < 72 || n > 168)
		return VIGIL_E_LENGTH;
	for (i = 0; i < 4; i++) {
		if (n > 40 + 32 * i) {
			t->mmsi[i] = U(40 + 32 * i, 30);
			t->seqno[i] = (uint8_t)U(70 + 32 * i, 2);
		} else {
			t->mmsi[i] = 0;
			t->seqno[i] = 0;
		}
	}
	return VIGIL_E_OK;
}

static int decode_sar(const struct vigil_ais_payload *p, struct vigil_ais_sar *t)
{
	if (p->nbits < 168)
		return VIGIL_E_LENGTH;
	t->alt = (uint16_t)U(38, 12);
	t->speed = (uint16_t)U(50, 10);
	t->accuracy = (uint8_t)U(60, 1);
	t->lon = S(61, 28);
	t->lat = S(89, 27);
	t->course = (uint16_t)U(116, 12);
	t->second = (uint8_t)U(128, 6);
	t->regional = (uint8_t)U(134, 8);
	t->dte = (uint8_t)U(142, 1);
	t->assigned = (uint8_t)U(146, 1);
	t->raim = (uint8_t)U(147, 1);
	t->radio = U(148, 20);
	return VIGIL_E_OK;
}

static int decode_safety(const struct vigil_ais_payload *p, unsigned type,
			 struct vigil_ais_safety *t)
{
	size_t n = p->nbits, start = type == 12 ? 72 : 40;

	if (n < start || n > 1008)
		return VIGIL_E_LENGTH;
	if (type == 12) {
		t->seqno = (uint8_t)U(38, 2);
		t->dest_mmsi = U(40, 30);
		t->retransmit = (uint8_t)U(70, 1);
	} else {
		t->seqno = 0;
		t->dest_mmsi = 0;
		t->retransmit = 0;
	}
	sixbit(p, start, (n - start) / 6, t->text);
	return VIGIL_E_OK;
}

static int decode_interrogation(const struct vigil_ais_payload *p,
				struct vigil_ais_interrogation *t)
{
	size_t n = p->nbits;

	if (n < 88 || n > 168)
		return VIGIL_E_LENGTH;
	memset(t, 0, sizeof(*t));
	t->mmsi1 = U(40, 30);
	t->type1_1 = (uint8_t)U(70, 6);
	t->offset1_1 = (uint16_t)U(76, 12);
	if (n > 90) {
		t->type1_2 = (uint8_t)U(90, 6);
		t->offset1_2 = (uint16_t)U(96, 12);
		if (n > 110) {
			t->mmsi2 = U(110, 30);
			t->type2_1 = (uint8_t)U(140, 6);
			t->offset2_1 = (uint16_t)U(146, 12);
		}
	}
	return VIGIL_E_OK;
}

static int decode_assign(const struct vigil_ais_payload *p, struct vigil_ais_assign *t)
{
	size_t n = p->nbits;

	if (n < 96 || n > 168)
		return VIGIL_E_LENGTH;
	t->mmsi1 = U(40, 30);
	t->offset1 = (uint16_t)U(70, 12);
	t->increment1 = (uint16_t)U(82, 10);
	if (n < 144) {
		t->mmsi2 = 0;
		t->offset2 = 0;
		t->increment2 = 0;
	} else {
		t->mmsi2 = U(92, 30);
		t->offset2 = (uint16_t)U(122, 12);
		t->increment2 = (uint16_t)U(134, 10);
	}
	return VIGIL_E_OK;
}

static int decode_dgnss(const struct vigil_ais_payload *p, struct vigil_ais_dgnss *t)
{
	size_t n = p->nbits;

	if (n < 80 || n > 816)
		return VIGIL_E_LENGTH;
	t->lon = S(40, 18);
	t->lat = S(58, 17);
	t->bitcount = (uint16_t)(n - 80);
	copy_bytes(p, 10, t->data, BYTES(t->bitcount));
	return VIGIL_E_OK;
}

static int decode_classb(const struct vigil_ais_payload *p, unsigned type,
			 struct vigil_ais_classb *t)
{
	if (p->nbits < (type == 18 ? 168u : 312u))
		return VIGIL_E_LENGTH;
	t->reserved = (uint8_t)U(38, 8);
	t->speed = (uint16_t)U(46, 10);
	t->accuracy = (uint8_t)U(56, 1);
	t->lon = S(57, 28);
	t->lat = S(85, 27);
	t->course = (uint16_t)U(112, 12);
	t->heading = (uint16_t)U(124, 9);
	t->second = (uint8_t)U(133, 6);
	if (type == 18) {
		t->regional = (uint8_t)U(139, 2);
		t->cs = (uint8_t)U(141, 1);
		t->display = (uint8_t)U(142, 1);
		t->dsc = (uint8_t)U(143, 1);
		t->band = (uint8_t)U(144, 1);
		t->msg22 = (uint8_t)U(145, 1);
		t->assigned = (uint8_t)U(146, 1);
		t->raim = (uint8_t)U(147, 1);
		t->radio = U(148, 20);
		return VIGIL_E_OK;
	}
	t->regional = (uint8_t)U(139, 4);
	sixbit(p, 143, 20, t->shipname);
	t->shiptype = (uint8_t)U(263, 8);
	t->to_bow = (uint16_t)U(271, 9);
	t->to_stern = (uint16_t)U(280, 9);
	t->to_port = (uint8_t)U(289, 6);
	t->to_starboard = (uint8_t)U(295, 6);
	t->epfd = (uint8_t)U(301, 4);
	t->raim = (uint8_t)U(305, 1);
	t->dte = (uint8_t)U(306, 1);
	t->assigned = (uint8_t)U(307, 1);
	return VIGIL_E_OK;
}

static int decode_datalink(const struct vigil_ais_payload *p, struct vigil_ais_datalink *t)
{
	unsigned i;

	if (p->nbits < 72 || p->nbits > 186)
		return VIGIL_E_LENGTH;
	/* gpsd reads all four blocks whatever the length. */
	for (i = 0; i < 4; i++) {
		size_t b = 40 + 30 * i;
		t->offset[i] = (uint16_t)U(b, 12);
		t->number[i] = (uint8_t)U(b + 12, 4);
		t->timeout[i] = (uint8_t)U(b + 16, 3);
		t->increment[i] = (uint16_t)U(b + 19, 11);
	}
	return VIGIL_E_OK;
}

static int decode_aton(const struct vigil_ais_payload *p, struct vigil_ais_aton *t)
{
	size_t n = p->nbits, len;

	if (n < 272 || n > 368)
		return VIGIL_E_LENGTH;
	t->aid_type = (uint8_t)U(38, 5);
	len = sixbit_untrimmed(p, 43, 20, t->name);
	t->accuracy = (uint8_t)U(163, 1);
	t->lon = S(164, 28);
	t->lat = S(192, 27);
	t->to_bow = (uint16_t)U(219, 9);
	t->to_stern = (uint16_t)U(228, 9);
	t->to_port = (uint8_t)U(237, 6);
	t->to_starboard = (uint8_t)U(243, 6);
	t->epfd = (uint8_t)U(249, 4);
	t->second = (uint8_t)U(253, 6);
	t->off_position = (uint8_t)U(259, 1);
	t->regional = (uint8_t)U(260, 8);
	t->raim = (uint8_t)U(268, 1);
	t->virtual_aid = (uint8_t)U(269, 1);
	t->assigned = (uint8_t)U(270, 1);
	/* The name extension counts only when the first 20 characters are all used. */
	if (len == 20 && n > 272)
		sixbit(p, 272, (n - 272) / 6, t->name + 20);
	trim_right(t->name, strlen(t->name));
	return VIGIL_E_OK;
}

static int decode_channel(const struct vigil_ais_payload *p, struct vigil_ais_channel *t)
{
	if (p->nbits < 168)
		return VIGIL_E_LENGTH;
	t->channel_a = (uint16_t)U(40, 12);
	t->channel_b = (uint16_t)U(52, 12);
	t->txrx = (uint8_t)U(64, 4);
	t->power = (uint8_t)U(68, 1);
	t->addressed = (uint8_t)U(139, 1);
	if (!t->addressed) {
		t->ne_lon = S(69, 18);
		t->ne_lat = S(87, 17);
		t->sw_lon = S(104, 18);
		t->sw_lat = S(122, 17);
		t->dest1 = t->dest2 = 0;
	} else {
		t->dest1 = U(69, 30);
		t->dest2 = U(104, 30);
		t->ne_lon = t->ne_lat = t->sw_lon = t->sw_lat = 0;
	}
	t->band_a = (uint8_t)U(140, 1);
	t->band_b = (uint8_t)U(141, 1);
	t->zonesize = (uint8_t)U(142, 3);
	return VIGIL_E_OK;
}

static int decode_group(const struct vigil_ais_payload *p, struct vigil_ais_group *t)
{
	if (p->nbits < 160)
		return VIGIL_E_LENGTH;
	t->ne_lon = S(40, 18);
	t->ne_lat = S(58, 17);
	t->sw_lon = S(75, 18);
	t->sw_lat = S(93, 17);
	t->stationtype = (uint8_t)U(110, 4);
	t->shiptype = (uint8_t)U(114, 8);
	/* gpsd's offsets (txrx overlaps interval); kept for identical output. */
	t->txrx = (uint8_t)U(144, 4);
	t->interval = (uint8_t)U(146, 4);
	t->quiet = (uint8_t)U(150, 4);
	return VIGIL_E_OK;
}

static int decode_static24(const struct vigil_ais_payload *p, uint32_t mmsi,
			   struct vigil_ais_static24 *t)
{
	size_t n = p->nbits;

	switch (U(38, 2)) {
	case 0:
		if (n < 160 || n > 168)
			return VIGIL_E_LENGTH;
		t->part = VIGIL_AIS24_A;
		sixbit(p, 40, 20, t->shipname);
		return VIGIL_E_OK;
	case 1:
		if (n < 168)
			return VIGIL_E_LENGTH;
		t->part = VIGIL_AIS24_B;
		t->shipname[0] = 0;
		t->shiptype = (uint8_t)U(40, 8);
		/* Both the old 7-character vendor id and the newer model/serial split. */
		sixbit(p, 48, 7, t->vendorid);
		t->model = (uint8_t)U(66, 4);
		t->serial = U(70, 20);
		sixbit(p, 90, 7, t->callsign);
		if (mmsi / 10000000 == 98) {
			t->mothership_mmsi = U(132, 30);
			t->to_bow = t->to_stern = 0;
			t->to_port = t->to_starboard = 0;
		} else {
			t->mothership_mmsi = 0;
			t->to_bow = (uint16_t)U(132, 9);
			t->to_stern = (uint16_t)U(141, 9);
			t->to_port = (uint8_t)U(150, 6);
			t->to_starboard = (uint8_t)U(156, 6);
		}
		return VIGIL_E_OK;
	default:
		return VIGIL_E_UNSUPPORTED;
	}
}

/*
 * gpsd's shiftleft() on a byte buffer, reproduced for identical hex dumps:
 * it moves whole bytes, then shifts by the rest over `size` bytes (size is
 * a bit count there), leaving stale bytes behind the moved ones.
 */
static void gpsd_shiftleft(uint8_t *d, size_t dsize, int size, unsigned left)
{
	int i;

	if (left >= 8) {
		size -= (int)(left / 8);
		if (size > 0)
			memmove(d, d + left / 8, (size_t)(size + 7) / 8);
		left %= 8;
	}
	for (i = 0; i < size && (size_t)i < dsize; i++) {
		unsigned next = (i + 1 < size && (size_t)i + 1 < dsize) ? d[i + 1] : 0;
		d[i] = (uint8_t)((unsigned)d[i] << left | (left ? next >> (8 - left) : 0));
	}
}

static int decode_slotbin(const struct vigil_ais_payload *p, unsigned type,
			  struct vigil_ais_slotbin *t)
{
	size_t n = p->nbits, need, nb;
	uint8_t tmp[sizeof(p->bits)];
	long count;

	if (type == 25 ? (n < 40 || n > 168) : (n < 60 || n > 1004))
		return VIGIL_E_LENGTH;
	t->addressed = (uint8_t)U(38, 1);
	t->structured = (uint8_t)U(39, 1);
	need = 40 + 16u * t->structured + 30u * t->addressed + (type == 26 ? 20 : 0);
	if (n < need)
		return VIGIL_E_LENGTH;
	t->dest_mmsi = t->addressed ? U(40, 30) : 0;
	t->app_id = t->structured ? (uint16_t)U(40 + 30u * t->addressed, 16) : 0;
	t->radio = 0;
	count = (long)n - 40 - 16 * t->structured - (type == 26 ? 20 : 0);
	nb = BYTES((size_t)count);
	memset(tmp, 0, sizeof(tmp));
	copy_bytes(p, 5 + 2u * t->structured, tmp, nb);
	if (t->addressed) {
		gpsd_shiftleft(tmp, sizeof(tmp), (int)count, 30);
		count -= 30;
	}
	t->bitcount = (uint16_t)count;
	memcpy(t->data, tmp, BYTES((size_t)count) < sizeof(t->data) ?
	       BYTES((size_t)count) : sizeof(t->data));
	return VIGIL_E_OK;
}

static int decode_longrange(const struct vigil_ais_payload *p, struct vigil_ais_longrange *t)
{
	if (p->nbits != 96 && p->nbits != 168)
		return VIGIL_E_LENGTH;
	t->accuracy = (uint8_t)U(38, 1);
	t->raim = (uint8_t)U(39, 1);
	t->status = (uint8_t)U(40, 4);
	t->lon = S(44, 18);
	t->lat = S(62, 17);
	t->speed = (uint8_t)U(79, 6);
	t->course = (uint16_t)U(85, 9);
	t->gnss = (uint8_t)U(94, 1);
	return VIGIL_E_OK;
}

int vigil_ais_decode(const struct vigil_ais_payload *p, struct vigil_ais_msg *m)
{
	unsigned type = U(0, 6);

	m->type = (uint8_t)type;
	m->repeat = (uint8_t)U(6, 2);
	m->mmsi = U(8, 30);
	switch (type) {
	case 1: case 2: case 3:
		return decode_pos(p, &m->u.pos);
	case 4: case 11:
		return decode_base(p, &m->u.base);
	case 5:
		return decode_static(p, &m->u.t5);
	case 6: case 8:
		return decode_binary(p, type, &m->u.bin);
	case 7: case 13:
		return decode_ack(p, &m->u.ack);
	case 9:
		return decode_sar(p, &m->u.sar);
	case 10:
		if (p->nbits < 72)
			return VIGIL_E_LENGTH;
		m->u.inquiry.dest_mmsi = U(40, 30);
		return VIGIL_E_OK;
	case 12: case 14:
		return decode_safety(p, type, &m->u.safety);
	case 15:
		return decode_interrogation(p, &m->u.interrogation);
	case 16:
		return decode_assign(p, &m->u.assign);
	case 17:
		return decode_dgnss(p, &m->u.dgnss);
	case 18: case 19:
		return decode_classb(p, type, &m->u.classb);
	case 20:
		return decode_datalink(p, &m->u.datalink);
	case 21:
		return decode_aton(p, &m->u.aton);
	case 22:
		return decode_channel(p, &m->u.channel);
	case 23:
		return decode_group(p, &m->u.group);
	case 24:
		return decode_static24(p, m->mmsi, &m->u.t24);
	case 25: case 26:
		return decode_slotbin(p, type, &m->u.slotbin);
	case 27:
		return decode_longrange(p, &m->u.longrange);
	default:
		return VIGIL_E_UNSUPPORTED;
	}
}

/* Channel index as gpsd picks its per-channel context: A, 1 and none -> 0; B, 2 -> 1. */
static int channel_index(char c)
{
	return c == 'B' || c == '2';
}

void vigil_ais_ctx_init(struct vigil_ais_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->cross_channel = 1;
}

int vigil_ais_ctx_type24(struct vigil_ais_ctx *ctx, char channel, struct vigil_ais_msg *m)
{
	int ch = channel_index(channel), pass;
	unsigned i;

	if (m->type != 24)
		return 1;
	if (m->u.t24.part == VIGIL_AIS24_A) {
		unsigned slot = ctx->ch[ch].next % VIGIL_AIS24_SLOTS;
		ctx->ch[ch].mmsi[slot] = m->mmsi;
		memcpy(ctx->ch[ch].shipname[slot], m->u.t24.shipname, sizeof(m->u.t24.shipname));
		ctx->ch[ch].next = (slot + 1) % VIGIL_AIS24_SLOTS;
		return 0;
	}
	if (m->u.t24.part != VIGIL_AIS24_B)
		return 1;
	/* Own channel first (gpsd), then the other one when allowed. */
	for (pass = 0; pass < (ctx->cross_channel ? 2 : 1); pass++) {
		int c = pass ? !ch : ch;
		for (i = 0; i < VIGIL_AIS24_SLOTS; i++) {
			if (ctx->ch[c].mmsi[i] != m->mmsi)
				continue;
			/* gpsd's empty slots hold MMSI 0 and an empty name. */
			if (pass && m->mmsi == 0)
				continue;
			memcpy(m->u.t24.shipname, ctx->ch[c].shipname[i], sizeof(m->u.t24.shipname));
			ctx->ch[c].mmsi[i] = 0;
			m->u.t24.part = VIGIL_AIS24_AB;
			return 1;
		}
	}
	return 0;
}
