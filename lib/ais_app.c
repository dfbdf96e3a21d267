/* ais_app.c - decode the binary application payloads of AIS types 6/8 by DAC/FID (the set gpsd 3.22 decodes). */
#include <string.h>

#include "vigil/ais.h"
#include "vigil/ais_app.h"
#include "bits.h"

/*
 * Bit offsets below are from the start of the message (bit 0 = message type),
 * as in ITU-R M.1371 and IMO SN.1/Circ.236 and 289. Reads past nbits see the
 * fill bits and then zeros (the payload keeps them so, bits.h never reads
 * past the buffer), which is what gpsd sees for a short payload as it clears
 * its bit buffer before each message; loops over repeated elements are
 * bounded by both the payload length and the array caps in ais_app.h.
 */
#define U(s, w) vigil__bits_u(p, (s), (w))
#define S(s, w) vigil__bits_s(p, (s), (w))

/* Six-bit text of at most `count` characters at bit `start`, cut at '@' and right-trimmed. */
static void sixbit(const struct vigil_ais_payload *p, size_t start, size_t count,
		   char *to, size_t cap)
{
	size_t i, n = 0;

	if (count > cap - 1)
		count = cap - 1;
	for (i = 0; i < count; i++) {
		unsigned v = U(start + 6 * i, 6);

		if (v == 0)
			break;
		to[n++] = (char)(v < 32 ? v + 64 : v);
	}
	while (n > 0 && to[n - 1] == ' ')
		n--;
	to[n] = '\0';
}

#define TEXT(s, n, field) sixbit(p, (s), (n), (field), sizeof(field))

/* Text to the end of the payload, as gpsd's ENDCHARS. */
static void endtext(const struct vigil_ais_payload *p, size_t start, char *to, size_t cap)
{
	size_t count = p->nbits > start ? (p->nbits - start) / 6 : 0;

	sixbit(p, start, count, to, cap);
}

static void tidal_window(const struct vigil_ais_payload *p, struct vigil_ais_app_tidal *t,
			 unsigned elem)
{
	size_t a;
	unsigned n = 0;

	t->month = U(88, 4);
	t->day = U(92, 5);
	/* gpsd counts an element that starts exactly at the end of the payload. */
	for (a = 97; a <= p->nbits && n < VIGIL_AIS_APP_MAXTIDALS; a += elem, n++) {
		if (elem == 93) {       /* IMO236: lat before lon, 7-bit speed */
			t->tidals[n].lat = S(a, 27);
			t->tidals[n].lon = S(a + 27, 28);
			t->tidals[n].from_hour = U(a + 55, 5);
			t->tidals[n].from_min = U(a + 60, 6);
			t->tidals[n].to_hour = U(a + 66, 5);
			t->tidals[n].to_min = U(a + 71, 6);
			t->tidals[n].cdir = U(a + 77, 9);
			t->tidals[n].cspeed = U(a + 86, 7);
		} else {                /* IMO289 */
			t->tidals[n].lon = S(a, 25);
			t->tidals[n].lat = S(a + 25, 24);
			t->tidals[n].from_hour = U(a + 49, 5);
			t->tidals[n].from_min = U(a + 54, 6);
			t->tidals[n].to_hour = U(a + 60, 5);
			t->tidals[n].to_min = U(a + 65, 6);
			t->tidals[n].cdir = U(a + 71, 9);
			t->tidals[n].cspeed = U(a + 80, 8);
		}
	}
	t->ntidals = n;
}

static void route(const struct vigil_ais_payload *p, struct vigil_ais_app_route *r, size_t b)
{
	unsigned i;

	r->linkage = U(b, 10);
	r->sender = U(b + 10, 3);
	r->rtype = U(b + 13, 5);
	r->month = U(b + 18, 4);
	r->day = U(b + 22, 5);
	r->hour = U(b + 27, 5);
	r->minute = U(b + 32, 6);
	r->duration = U(b + 38, 18);
	r->waycount = U(b + 56, 5);
	/* All announced waypoints, as gpsd; those past the payload read as zero. */
	for (i = 0; i < r->waycount && i < VIGIL_AIS_APP_MAXWAYPOINTS; i++) {
		size_t a = b + 61 + 55 * (size_t)i;

		r->waypoints[i].lon = S(a, 28);
		r->waypoints[i].lat = S(a + 28, 27);
	}
}

static int decode6(const struct vigil_ais_payload *p, struct vigil_ais_app *o)
{
	size_t n = p->nbits;
	unsigned i;

	if (o->dac == 200) {
		struct vigil_ais_app_inland_eta *e = &o->u.inland_eta;

		switch (o->fid) {
		case 21:
		case 22:
			if (n != (o->fid == 21 ? 248u : 232u))
				return 0;
			TEXT(88, 2, e->country);
			TEXT(100, 3, e->locode);
			TEXT(118, 5, e->section);
			TEXT(148, 5, e->terminal);
			TEXT(178, 5, e->hectometre);
			e->month = U(208, 4);
			e->day = U(212, 5);
			e->hour = U(217, 5);
			e->minute = U(222, 6);
			if (o->fid == 21) {
				e->tugs = U(228, 3);
				e->airdraught = U(231, 12);
				return VIGIL_AIS_APP_T6_D200_F21;
			}
			e->status = U(228, 2);
			return VIGIL_AIS_APP_T6_D200_F22;
		case 55:
			if (n != 168)
				return 0;
			o->u.inland_pob.crew = U(88, 8);
			o->u.inland_pob.passengers = U(96, 13);
			o->u.inland_pob.personnel = U(109, 8);
			return VIGIL_AIS_APP_T6_D200_F55;
		}
		return 0;
	}
	if (o->dac == 235 || o->dac == 250) {
		struct vigil_ais_app_aton_gla *g = &o->u.aton_gla;

		if (o->fid != 10 || n != 136)
			return 0;
		g->ana_int = U(88, 10);
		g->ana_ext1 = U(98, 10);
		g->ana_ext2 = U(108, 10);
		g->racon = U(118, 2);
		g->light = U(120, 2);
		g->alarm = (uint8_t)U(122, 1);
		g->stat_ext = U(123, 8);
		g->off_pos = (uint8_t)U(131, 1);
		return VIGIL_AIS_APP_T6_D235_F10;
	}
	if (o->dac != 1)
		return 0;
	switch (o->fid) {
	case 12: {
		struct vigil_ais_app_dgcargo236 *d = &o->u.dgcargo236;

		TEXT(88, 5, d->lastport);
		d->lmonth = U(118, 4);
		d->lday = U(122, 5);
		d->lhour = U(127, 5);
		d->lminute = U(132, 6);
		TEXT(138, 5, d->nextport);
		d->nmonth = U(168, 4);
		d->nday = U(172, 5);
		d->nhour = U(177, 5);
		d->nminute = U(182, 6);
		TEXT(188, 20, d->dangerous);
		TEXT(308, 4, d->imdcat);
		d->unid = U(332, 13);
		d->amount = U(345, 10);
		d->unit = U(355, 2);
		return VIGIL_AIS_APP_T6_D1_F12;
	}
	case 14:
		tidal_window(p, &o->u.tidal, 93);
		return VIGIL_AIS_APP_T6_D1_F14;
	case 15:
		/* gpsd reads bit 56 (inside the header), as printed by gpsdecode 3.22. */
		o->u.airdraught = U(56, 11);
		return VIGIL_AIS_APP_T6_D1_F15;
	case 16:
		/* IMO289 layout when the data part is 136 bits, else gpsd's IMO236 offset. */
		o->u.persons = n - 88 == 136 ? U(88, 13) : U(55, 13);
		return VIGIL_AIS_APP_T6_D1_F16;
	case 18: {
		struct vigil_ais_app_clearance *c = &o->u.clearance;

		c->linkage = U(88, 10);
		c->month = U(98, 4);
		c->day = U(102, 5);
		c->hour = U(107, 5);
		c->minute = U(112, 6);
		TEXT(118, 20, c->portname);
		TEXT(238, 5, c->destination);
		c->lon = S(268, 25);
		c->lat = S(293, 24);
		return VIGIL_AIS_APP_T6_D1_F18;
	}
	case 20: {
		struct vigil_ais_app_berth *b = &o->u.berth;

		b->linkage = U(88, 10);
		b->berth_length = U(98, 9);
		b->berth_depth = U(107, 8);
		b->position = U(115, 3);
		b->month = U(118, 4);
		b->day = U(122, 5);
		b->hour = U(127, 5);
		b->minute = U(132, 6);
		b->availability = U(138, 1);
		for (i = 0; i < sizeof(b->services); i++)
			b->services[i] = (uint8_t)U(139 + 2 * i, 2);
		TEXT(191, 20, b->berth_name);
		b->berth_lon = S(311, 25);
		b->berth_lat = S(336, 24);
		return VIGIL_AIS_APP_T6_D1_F20;
	}
	case 25: {
		struct vigil_ais_app_dgcargo289 *d = &o->u.dgcargo289;

		d->unit = U(88, 2);
		d->amount = U(90, 10);
		for (i = 0; 100 + 17 * (size_t)i < n && i < VIGIL_AIS_APP_MAXCARGOS; i++) {
			d->cargos[i].code = (uint16_t)U(100 + 17 * i, 4);
			d->cargos[i].subtype = (uint16_t)U(104 + 17 * i, 13);
		}
		d->ncargos = i;
		return VIGIL_AIS_APP_T6_D1_F25;
	}
	case 28:
		route(p, &o->u.route, 88);
		return VIGIL_AIS_APP_T6_D1_F28;
	case 30:
		o->u.text.linkage = U(88, 10);
		endtext(p, 98, o->u.text.text, sizeof(o->u.text.text));
		return VIGIL_AIS_APP_T6_D1_F30;
	case 32:
		tidal_window(p, &o->u.tidal, 88);
		return VIGIL_AIS_APP_T6_D1_F32;
	}
	return 0;
}

static int decode8_dac1(const struct vigil_ais_payload *p, struct vigil_ais_app *o)
{
	size_t n = p->nbits;
	unsigned i;

	switch (o->fid) {
	case 11: {
		struct vigil_ais_app_met236 *m = &o->u.met236;

		m->lat = S(56, 24);
		m->lon = S(80, 25);
		m->day = U(105, 5);
		m->hour = U(110, 5);
		m->minute = U(115, 6);
		m->wspeed = U(121, 7);
		m->wgust = U(128, 7);
		m->wdir = U(135, 9);
		m->wgustdir = U(144, 9);
		m->airtemp = U(153, 11);
		m->humidity = U(164, 7);
		m->dewpoint = U(171, 10);
		m->pressure = U(181, 9);
		m->pressuretend = U(190, 2);
		m->visibility = U(192, 8);
		m->waterlevel = U(200, 9);
		m->leveltrend = U(209, 2);
		m->cspeed = U(211, 8);
		m->cdir = U(219, 9);
		m->cspeed2 = U(228, 8);
		m->cdir2 = U(236, 9);
		m->cdepth2 = U(245, 5);
		m->cspeed3 = U(250, 8);
		m->cdir3 = U(258, 9);
		m->cdepth3 = U(267, 5);
		m->waveheight = U(272, 8);
		m->waveperiod = U(280, 6);
		m->wavedir = U(286, 9);
		m->swellheight = U(295, 8);
		m->swellperiod = U(303, 6);
		m->swelldir = U(309, 9);
		m->seastate = U(318, 4);
		m->watertemp = U(322, 10);
		m->preciptype = U(332, 3);
		m->salinity = U(335, 9);
		m->ice = U(344, 2);
		return VIGIL_AIS_APP_T8_D1_F11;
	}
	case 13: {
		struct vigil_ais_app_fairway *f = &o->u.fairway;

		TEXT(56, 20, f->reason);
		TEXT(176, 20, f->closefrom);
		TEXT(296, 20, f->closeto);
		f->radius = U(416, 10);
		f->extunit = U(426, 2);
		f->fday = U(428, 5);
		f->fmonth = U(433, 4);
		f->fhour = U(437, 5);
		f->fminute = U(442, 6);
		f->tday = U(448, 5);
		f->tmonth = U(453, 4);
		f->thour = U(457, 5);
		f->tminute = U(462, 6);
		return VIGIL_AIS_APP_T8_D1_F13;
	}
	case 15:
		o->u.airdraught = U(56, 11);
		return VIGIL_AIS_APP_T8_D1_F15;
	case 16:
		if (n - 56 == 136)
			o->u.persons = U(88, 13);
		else if (n - 56 == 72)
			o->u.persons = U(55, 13);
		else
			return 0;
		return VIGIL_AIS_APP_T8_D1_F16;
	case 17: {
		struct vigil_ais_app_targets *t = &o->u.targets;
		size_t a;

		for (a = 56, i = 0; a <= n && i < VIGIL_AIS_APP_MAXTARGETS; a += 122, i++) {
			t->targets[i].idtype = U(a, 2);
			t->targets[i].id = 0;
			t->targets[i].idtext[0] = '\0';
			if (t->targets[i].idtype < 2)
				t->targets[i].id = U(a + 12, 32); /* low 32 bits of 42 */
			else
				TEXT(a + 2, 7, t->targets[i].idtext);
			t->targets[i].lat = S(a + 48, 24);
			t->targets[i].lon = S(a + 72, 25);
			t->targets[i].course = U(a + 97, 9);
			t->targets[i].second = U(a + 106, 6);
			t->targets[i].speed = U(a + 112, 10);
		}
		t->ntargets = i;
		return VIGIL_AIS_APP_T8_D1_F17;
	}
	case 19: {
		struct vigil_ais_app_signal *s = &o->u.signal;

		s->linkage = U(56, 10);
		TEXT(66, 20, s->station);
		s->lon = S(186, 25);
		s->lat = S(211, 24);
		s->status = U(235, 2);
		s->signal = U(237, 5);
		s->hour = U(242, 5);
		s->minute = U(247, 6);
		s->nextsignal = U(253, 5);
		return VIGIL_AIS_APP_T8_D1_F19;
	}
	case 27:
		route(p, &o->u.route, 56);
		return VIGIL_AIS_APP_T8_D1_F27;
	case 29:
		o->u.text.linkage = U(56, 10);
		endtext(p, 66, o->u.text.text, sizeof(o->u.text.text));
		return VIGIL_AIS_APP_T8_D1_F29;
	case 31: {
		struct vigil_ais_app_met289 *m = &o->u.met289;

		m->lon = S(56, 25);
		m->lat = S(81, 24);
		m->accuracy = (uint8_t)U(105, 1);
		m->day = U(106, 5);
		m->hour = U(111, 5);
		m->minute = U(116, 6);
		m->wspeed = U(122, 7);
		m->wgust = U(129, 7);
		m->wdir = U(136, 9);
		m->wgustdir = U(145, 9);
		m->airtemp = S(154, 11);
		m->humidity = U(165, 7);
		m->dewpoint = S(172, 10);
		m->pressure = U(182, 9);
		m->pressuretend = U(191, 2);
		m->visgreater = (uint8_t)U(193, 1);
		m->visibility = U(194, 7);
		m->waterlevel = U(201, 12);
		m->leveltrend = U(213, 2);
		m->cspeed = U(215, 8);
		m->cdir = U(223, 9);
		m->cspeed2 = U(232, 8);
		m->cdir2 = U(240, 9);
		m->cdepth2 = U(249, 5);
		m->cspeed3 = U(254, 8);
		m->cdir3 = U(262, 9);
		m->cdepth3 = U(271, 5);
		m->waveheight = U(276, 8);
		m->waveperiod = U(284, 6);
		m->wavedir = U(290, 9);
		m->swellheight = U(299, 8);
		m->swellperiod = U(307, 6);
		m->swelldir = U(313, 9);
		m->seastate = U(322, 4);
		m->watertemp = S(326, 10);
		m->preciptype = U(336, 3);
		m->salinity = U(339, 9);
		m->ice = U(348, 2);
		return VIGIL_AIS_APP_T8_D1_F31;
	}
	}
	return 0;
}

static int decode8_dac200(const struct vigil_ais_payload *p, struct vigil_ais_app *o)
{
	size_t n = p->nbits;
	unsigned i;

	switch (o->fid) {
	case 10: {
		struct vigil_ais_app_inland_static *s = &o->u.inland_static;

		if (n != 168)
			return 0;
		TEXT(56, 8, s->vin);
		s->length = U(104, 13);
		s->beam = U(117, 10);
		s->shiptype = U(127, 14);
		s->hazard = U(141, 3);
		s->draught = U(144, 11);
		s->loaded = U(155, 2);
		s->speed_q = (uint8_t)U(157, 1);
		s->course_q = (uint8_t)U(158, 1);
		s->heading_q = (uint8_t)U(159, 1);
		/* gpsd's guard against false matches: hazard codes run 0..5. */
		if (s->hazard > 5)
			return 0;
		return VIGIL_AIS_APP_T8_D200_F10;
	}
	case 23: {
		struct vigil_ais_app_emma *e = &o->u.emma;

		if (n != 256)
			return 0;
		e->start_year = U(56, 8);
		e->start_month = U(64, 4);
		e->start_day = U(68, 5);
		e->end_year = U(73, 8);
		e->end_month = U(81, 4);
		e->end_day = U(85, 5);
		e->start_hour = U(90, 5);
		e->start_minute = U(95, 6);
		e->end_hour = U(101, 5);
		e->end_minute = U(106, 6);
		e->start_lon = S(112, 28);
		e->start_lat = S(140, 27);
		e->end_lon = S(167, 28);
		e->end_lat = S(195, 27);
		e->type = U(222, 4);
		e->min = S(226, 9);
		e->max = S(235, 9);
		e->intensity = U(244, 2);
		e->wind = U(246, 4);
		return VIGIL_AIS_APP_T8_D200_F23;
	}
	case 24: {
		struct vigil_ais_app_levels *l = &o->u.levels;

		if (n != 168)
			return 0;
		TEXT(56, 2, l->country);
		for (i = 0; 68 + 25 * (size_t)i < n && i < VIGIL_AIS_APP_MAXGAUGES; i++) {
			l->gauges[i].id = U(68 + 25 * i, 11);
			l->gauges[i].level = S(79 + 25 * i, 14);
		}
		l->ngauges = i;
		return VIGIL_AIS_APP_T8_D200_F24;
	}
	case 40: {
		struct vigil_ais_app_signal_status *s = &o->u.signal_status;

		if (n != 168)
			return 0;
		s->lon = S(56, 28);
		s->lat = S(84, 27);
		s->form = U(111, 4);
		s->facing = U(115, 9);
		s->direction = U(124, 3);
		s->status = U(127, 30);
		return VIGIL_AIS_APP_T8_D200_F40;
	}
	}
	return 0;
}

int vigil_ais_app_decode(const struct vigil_ais_payload *p, unsigned msgtype,
			 struct vigil_ais_app *out)
{
	int kind = 0;

	memset(out, 0, sizeof(*out));
	out->msgtype = (uint16_t)msgtype;
	if (msgtype == 6 && p->nbits >= 88) {
		out->dac = (uint16_t)U(72, 10);
		out->fid = (uint16_t)U(82, 6);
		if (p->nbits <= VIGIL_AIS_APP_MAXBITS)
			kind = decode6(p, out);
	} else if (msgtype == 8 && p->nbits >= 56) {
		out->dac = (uint16_t)U(40, 10);
		out->fid = (uint16_t)U(50, 6);
		if (p->nbits > VIGIL_AIS_APP_MAXBITS)
			kind = 0;
		else if (out->dac == 1)
			kind = decode8_dac1(p, out);
		else if (out->dac == 200)
			kind = decode8_dac200(p, out);
	}
	if (kind == 0) {
		/* Leave no half-decoded fields behind a 0 return. */
		memset(&out->u, 0, sizeof(out->u));
		return 0;
	}
	out->kind = (uint16_t)kind;
	return 1;
}
