/* sim_run.c - the simulator's clock: who transmits when, who hears it, and the NMEA it writes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/aisenc.h"
#include "vigil/error.h"
#include "sim_int.h"

#define D2R (3.14159265358979323846 / 180.0)

const struct sim_ident *vigil__sim_ident(const struct sim_vessel *v, int64_t t)
{
	unsigned i = 0;

	while (i + 1 < v->nident && v->ident[i + 1].at <= t)
		i++;
	return &v->ident[i];
}

void vigil__sim_state(const struct sim_vessel *v, int64_t t, uint32_t *hint, double *lat,
		      double *lon, double *sog, double *cog, const struct sim_leg **legp)
{
	uint32_t i = *hint < v->nlegs ? *hint : 0;
	const struct sim_leg *l;

	while (i + 1 < v->nlegs && v->legs[i].t1 <= t)
		i++;
	*hint = i;
	l = &v->legs[i];
	*legp = l;
	if (l->kind == LEG_MOVE) {
		double f = (double)(t - l->t0) / (double)(l->t1 - l->t0);
		if (f < 0)
			f = 0;
		if (f > 1)
			f = 1;
		*lat = l->lat0 + f * (l->lat1 - l->lat0);
		*lon = l->lon0 + f * (l->lon1 - l->lon0);
		*sog = l->sog;
		*cog = l->cog;
	} else {
		/* A slow Lissajous drift around the dwell point; speed from its derivative. */
		double w = 6.283185307 / l->drift_period_s, ts = t / 1000.0;
		double a = w * ts + l->phase, b = 0.7 * w * ts + l->phase + 1;
		double dn = l->drift_m * sin(a), de = l->drift_m * sin(b);
		double vn = l->drift_m * w * cos(a), ve = l->drift_m * 0.7 * w * cos(b);
		*lat = l->lat0 + dn / (SIM_KM_PER_DEG * 1000);
		*lon = l->lon0 + de / (SIM_KM_PER_DEG * 1000 * cos(l->lat0 * D2R));
		*sog = sqrt(vn * vn + ve * ve) / 0.514444;
		*cog = atan2(ve, vn) / D2R;
		if (*cog < 0)
			*cog += 360;
	}
}

/* ---- the calendar queue ---- */

static int64_t floor_sec(int64_t ms)
{
	return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

/* Append emitter id, due at t (ms), to the list of its second. */
static void cq_push(struct vigil_sim *s, uint32_t id, int64_t t)
{
	uint32_t b = (uint32_t)((uint64_t)floor_sec(t) & (SIM_RING - 1));

	s->when[id] = t;
	s->next[id] = SIM_NIL;
	if (s->tail[b] == SIM_NIL)
		s->head[b] = id;
	else
		s->next[s->tail[b]] = id;
	s->tail[b] = id;
}

/* ITU-R M.1371-5 Table 1 reporting intervals (ms) for the current state. */
static int64_t pos_interval(const struct vigil_sim *s, struct sim_vessel *v, const struct sim_leg *l,
			    double sog)
{
	double base;

	if (v->classb)
		base = sog > 2 ? 30 : 180;
	else if ((l->status == 1 || l->status == 5) && sog <= 3)
		base = 180;
	else if (sog <= 14)
		base = 10;
	else if (sog <= 23)
		base = 6;
	else
		base = 2;
	/* Up to +-5 % jitter so that vessels do not report in lockstep. */
	return (int64_t)(base * s->rate_scale * (950 + 100 * vigil__sim_unif(&v->rng)));
}

int vigil__sim_start(struct vigil_sim *s)
{
	size_t i;

	s->nemit = 2 * s->nv + s->nrecv;
	s->when = malloc((s->nemit + 1) * sizeof(*s->when));
	s->next = malloc((s->nemit + 1) * sizeof(*s->next));
	s->head = malloc(SIM_RING * sizeof(*s->head));
	s->tail = malloc(SIM_RING * sizeof(*s->tail));
	if (!s->when || !s->next || !s->head || !s->tail)
		return VIGIL_E_NOMEM;
	for (i = 0; i < SIM_RING; i++)
		s->head[i] = s->tail[i] = SIM_NIL;
	s->pend = s->defer_h = s->defer_t = SIM_NIL;
	s->sec = floor_sec(s->start);
	for (i = 0; i < s->nv; i++) {
		struct sim_vessel *v = &s->v[i];
		int64_t first = v->t_start + (int64_t)(10000 * s->rate_scale * vigil__sim_unif(&v->rng));
		cq_push(s, (uint32_t)(2 * i), first);
		cq_push(s, (uint32_t)(2 * i + 1),
			v->t_start + (int64_t)(s->static_every_s * 1000 * vigil__sim_unif(&v->rng)));
		v->chan = (uint8_t)(vigil__sim_rand(&v->rng) & 1);
	}
	for (i = 0; i < s->nrecv; i++) {
		struct sim_recv *rc = &s->recv[i];
		unsigned x = 's' ^ ':';
		const char *c;
		for (c = rc->id; *c; c++)
			x ^= (unsigned char)*c;
		rc->xor_s = (unsigned char)x;
		if (rc->base_mmsi && !rc->satellite)
			cq_push(s, (uint32_t)(2 * s->nv + i), s->start + (int64_t)(i * 997) % rc->base_every);
	}
	s->group = 1;
	s->st.vessels = (uint32_t)s->nv;
	s->st.start = s->start / 1000;
	s->st.end = s->end / 1000;
	return VIGIL_E_OK;
}

size_t vigil_sim_chunk_min(const struct vigil_sim *s)
{
	return (s->nrecv + 1) * 640 + 1024;
}

static int in_win(const struct sim_win *w, unsigned n, int64_t t)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (t >= w[i].t0 && t < w[i].t1)
			return (int)i + 1;
	return 0;
}

/* 0: nobody can hear here; 1: only satellites (shore-only hole); 2: everybody. */
static int coverage(const struct vigil_sim *s, double lat, double lon)
{
	size_t i;
	int c = 2;

	for (i = 0; i < s->nholes; i++) {
		const struct sim_hole *h = &s->holes[i];
		if (lat >= h->min_lat && lat <= h->max_lat && lon >= h->min_lon && lon <= h->max_lon) {
			if (!h->shore_only)
				return 0;
			c = 1;
		}
	}
	return c;
}

static int hears(struct sim_recv *rc, uint64_t *rng, int64_t t, double lat, double lon, int cov)
{
	uint32_t i;

	if (cov == 0 || (cov == 1 && !rc->satellite))
		return 0;
	if (rc->satellite) {
		while (rc->wcur < rc->nwin && rc->win[rc->wcur][1] <= t)
			rc->wcur++;
		if (rc->wcur >= rc->nwin || t < rc->win[rc->wcur][0])
			return 0;
	} else {
		for (i = 0; i < rc->nwin; i++)
			if (t >= rc->win[i][0] && t < rc->win[i][1])
				return 0;
	}
	if (rc->range_km > 0) {
		double dn = (lat - rc->lat) * SIM_KM_PER_DEG;
		double de = (lon - rc->lon) * SIM_KM_PER_DEG * cos(rc->lat * D2R);
		if (dn * dn + de * de > (double)rc->range_km * rc->range_km)
			return 0;
	}
	return !(rc->loss > 0 && vigil__sim_unif(rng) < rc->loss);
}

static char *put_u(char *w, uint64_t v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*w++ = tmp[--n];
	return w;
}

static const char hexd[] = "0123456789ABCDEF";

/*
 * Write message p as heard by every receiver that hears it. The sentence
 * bodies are built once; each copy gets its own tag block. Returns the number
 * of copies written.
 */
static unsigned emit(struct vigil_sim *s, const struct vigil_ais_payload *p, struct sim_vessel *v,
		     int only_recv, int64_t t, double lat, double lon, char **wp)
{
	struct vigil_aisenc_opt o;
	char body[600], *w = *wp;
	size_t blen, fl[10], fo[10];
	unsigned nfrag, k, copies = 0, r;
	int cov = only_recv >= 0 ? 2 : coverage(s, lat, lon);
	uint64_t secs = (uint64_t)(t / 1000);
	char cbuf[24];
	size_t clen;
	unsigned char xc = 'c' ^ ':';
	uint64_t dummy = s->seed;

	memset(&o, 0, sizeof(o));
	o.channel = v ? (v->chan ? 'B' : 'A') : 'A';
	o.seqid = v ? v->seq : 0;
	if (vigil_aisenc_nmea(p, &o, body, sizeof(body), &blen, &nfrag) != VIGIL_E_OK)
		return 0;
	/* Fragment offsets in body. */
	for (k = 0, fo[0] = 0; k < nfrag; k++) {
		const char *e = memchr(body + fo[k], '\n', blen - fo[k]);
		fl[k] = (size_t)(e - (body + fo[k])) + 1;
		if (k + 1 < nfrag)
			fo[k + 1] = fo[k] + fl[k];
	}
	clen = (size_t)(put_u(cbuf, secs) - cbuf);
	for (k = 0; k < clen; k++)
		xc ^= (unsigned char)cbuf[k];
	s->st.messages++;
	for (r = 0; r < s->nrecv; r++) {
		struct sim_recv *rc = &s->recv[r];
		if (only_recv >= 0 ? (int)r != only_recv :
		    !hears(rc, v ? &v->rng : &dummy, t, lat, lon, cov))
			continue;
		copies++;
		for (k = 0; k < nfrag; k++) {
			char *tb;
			unsigned char x;
			*w++ = '\\';
			tb = w;
			if (nfrag > 1 && s->groups) {
				*w++ = 'g';
				*w++ = ':';
				*w++ = (char)('1' + k);
				*w++ = '-';
				*w++ = (char)('0' + nfrag);
				*w++ = '-';
				w = put_u(w, s->group);
				*w++ = ',';
			}
			x = rc->xor_s ^ ',' ^ xc;
			for (; tb < w; tb++)
				x ^= (unsigned char)*tb;
			*w++ = 's';
			*w++ = ':';
			memcpy(w, rc->id, strlen(rc->id));
			w += strlen(rc->id);
			*w++ = ',';
			*w++ = 'c';
			*w++ = ':';
			memcpy(w, cbuf, clen);
			w += clen;
			*w++ = '*';
			*w++ = hexd[x >> 4];
			*w++ = hexd[x & 15];
			*w++ = '\\';
			memcpy(w, body + fo[k], fl[k]);
			w += fl[k];
			s->st.sentences++;
		}
		if (nfrag > 1 && s->groups)
			s->group = s->group % 9999 + 1;
	}
	if (!copies)
		s->st.lost++;
	s->st.received += copies;
	*wp = w;
	return copies;
}

/* Does a dark window of v overlap [a, b]? */
static int dark_overlaps(const struct sim_vessel *v, int64_t a, int64_t b)
{
	unsigned i;

	for (i = 0; i < v->ndark; i++)
		if (v->dark[i].t0 < b && v->dark[i].t1 > a)
			return 1;
	return 0;
}

/* Book-keeping of what was received, for the truth. */
static void received_pos(struct vigil_sim *s, struct sim_vessel *v, int64_t t, double lat, double lon)
{
	unsigned i;
	uint32_t vi = (uint32_t)(v - s->v);

	if (v->background && !s->bg_truth)
		return;
	if (v->last_rx && t - v->last_rx >= (int64_t)(s->gap_min_h * SIM_HOUR_MS) &&
	    !dark_overlaps(v, v->last_rx, t)) {
		if (s->nsil == s->capsil) {
			size_t nc = s->capsil ? 2 * s->capsil : 16;
			struct sim_silence *ns = nc <= 65536 ? realloc(s->sil, nc * sizeof(*ns)) : NULL;
			if (ns) {
				s->sil = ns;
				s->capsil = nc;
			}
		}
		if (s->nsil < s->capsil) {
			struct sim_silence *z = &s->sil[s->nsil++];
			uint32_t h = 0;
			double sg, cg;
			const struct sim_leg *l;
			z->vessel = vi;
			z->t0 = v->last_rx;
			z->t1 = t;
			vigil__sim_state(v, v->last_rx, &h, &z->lat0, &z->lon0, &sg, &cg, &l);
			z->lat1 = lat;
			z->lon1 = lon;
		}
	}
	if (!v->first_rx)
		v->first_rx = t;
	v->last_rx = t;
	v->npos_rx++;
	for (i = 0; i < v->ndark; i++) {
		if (t < v->dark[i].t0)
			v->dark[i].rx_before = t;
		else if (t >= v->dark[i].t1 && !v->dark[i].rx_after)
			v->dark[i].rx_after = t;
	}
	for (i = 0; i < v->nspoof; i++)
		if (t >= v->spoof[i].t0 && t < v->spoof[i].t1)
			v->spoof[i].nrx++;
	while (v->vcur < v->nvisits && v->visits[v->vcur].t1 < t)
		v->vcur++;
	for (i = v->vcur; i < v->nvisits && v->visits[i].t0 <= t; i++)
		if (t <= v->visits[i].t1)
			v->visits[i].nrx++;
	for (i = 0; i < s->nmeet; i++) {
		struct sim_meeting *m = &s->meet[i];
		unsigned j;
		if (t < m->t0 || t > m->t1)
			continue;
		for (j = 0; j < m->nv; j++)
			if (m->v[j] == vi)
				m->nrx[j]++;
	}
}

static void put_time(struct vigil_aisenc_msg *m, int64_t t, int eta)
{
	int64_t days = t / 86400000, rem = t % 86400000;
	/* civil_from_days (Howard Hinnant). */
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1, mo = mp < 10 ? mp + 3 : mp - 9;
	int64_t y = (int64_t)yoe + era * 400 + (mo <= 2);

	if (eta) {
		m->eta_month = (uint8_t)mo;
		m->eta_day = (uint8_t)d;
		m->eta_hour = (uint8_t)(rem / 3600000);
		m->eta_minute = (uint8_t)(rem / 60000 % 60);
	} else {
		m->year = (uint16_t)y;
		m->month = (uint8_t)mo;
		m->day = (uint8_t)d;
		m->hour = (uint8_t)(rem / 3600000);
		m->minute = (uint8_t)(rem / 60000 % 60);
		m->second = (uint8_t)(rem / 1000 % 60);
	}
}

static void upcase_into(char *d, const char *src, size_t cap)
{
	size_t i;

	for (i = 0; i + 1 < cap && src[i]; i++)
		d[i] = (char)(src[i] >= 'a' && src[i] <= 'z' ? src[i] - 32 : src[i]);
	d[i] = 0;
}

/* Next port call after leg i: its port index and arrival time; -1 when none. */
static int next_port(const struct sim_vessel *v, uint32_t i, int64_t *arr)
{
	for (; i < v->nlegs; i++)
		if (v->legs[i].kind == LEG_DWELL && v->legs[i].port >= 0 && v->legs[i].where == DW_PORT) {
			*arr = v->legs[i].t0;
			return v->legs[i].port;
		}
	return -1;
}

static void vessel_pos(struct vigil_sim *s, struct sim_vessel *v, int64_t t, char **w, int64_t *next)
{
	struct vigil_aisenc_msg m;
	struct vigil_ais_payload p;
	const struct sim_ident *id = vigil__sim_ident(v, t);
	const struct sim_leg *l;
	double lat, lon, sog, cog, rlat, rlon;
	int sp;

	vigil__sim_state(v, t, &v->cur, &lat, &lon, &sog, &cog, &l);
	*next = t + pos_interval(s, v, l, sog);
	if (in_win(v->dark, v->ndark, t))
		return;
	rlat = lat;
	rlon = lon;
	if ((sp = in_win(v->spoof, v->nspoof, t))) {
		/* The reported track jumps to the spoof point and keeps the true motion. */
		const struct sim_win *z = &v->spoof[sp - 1];
		uint32_t h = 0;
		double la0, lo0, a, b;
		const struct sim_leg *l0;
		vigil__sim_state(v, z->t0, &h, &la0, &lo0, &a, &b, &l0);
		rlat = z->lat + (lat - la0);
		rlon = z->lon + (lon - lo0);
	}
	vigil_aisenc_msg_init(&m);
	m.type = v->classb ? 18 : 1;
	m.mmsi = id->mmsi;
	m.lat = rlat;
	m.lon = rlon;
	sog += (vigil__sim_unif(&v->rng) - 0.5) * 0.2;
	m.sog = sog < 0 ? 0 : sog;
	m.cog = fmod(cog + (vigil__sim_unif(&v->rng) - 0.5) * 2 + 360, 360);
	m.heading = l->kind == LEG_MOVE ? (int)fmod(cog + (vigil__sim_unif(&v->rng) - 0.5) * 4 + 360, 360) :
					   (int)(l->phase * 57.29) % 360;
	m.second = (uint8_t)(t / 1000 % 60);
	m.status = l->status;
	m.turn = v->classb ? -128 : 0;
	m.cs = 1;
	m.band = 1;
	m.msg22 = 1;
	m.radio = v->classb ? 0xE0006u : (uint32_t)(vigil__sim_rand(&v->rng) & 0x3fff);
	vigil_aisenc_encode(&m, &p);
	v->chan ^= 1;
	if (emit(s, &p, v, -1, t, lat, lon, w))
		received_pos(s, v, t, lat, lon);
}

static void vessel_static(struct vigil_sim *s, struct sim_vessel *v, int64_t t, char **w)
{
	struct vigil_aisenc_msg m;
	struct vigil_ais_payload p;
	const struct sim_ident *id = vigil__sim_ident(v, t);
	const struct sim_leg *l;
	double lat, lon, sog, cog;
	unsigned got = 0;

	vigil__sim_state(v, t, &v->cur, &lat, &lon, &sog, &cog, &l);
	if (in_win(v->dark, v->ndark, t))
		return;
	vigil_aisenc_msg_init(&m);
	m.mmsi = id->mmsi;
	memcpy(m.name, id->name, sizeof(id->name));
	memcpy(m.callsign, id->callsign, sizeof(id->callsign));
	m.shiptype = v->shiptype;
	m.to_bow = v->to_bow;
	m.to_stern = v->to_stern;
	m.to_port = v->to_port;
	m.to_starboard = v->to_starboard;
	m.epfd = 1;
	if (v->classb) {
		m.type = 24;
		m.partno = 0;
		vigil_aisenc_encode(&m, &p);
		got += emit(s, &p, v, -1, t, lat, lon, w);
		m.partno = 1;
		vigil_aisenc_encode(&m, &p);
		got += emit(s, &p, v, -1, t, lat, lon, w);
	} else {
		int64_t arr = 0;
		int np = next_port(v, v->cur, &arr);
		m.type = 5;
		m.imo = id->imo;
		m.draught = l->draught;
		if (v->dest[0])
			upcase_into(m.destination, v->dest, sizeof(m.destination));
		else if (np >= 0)
			upcase_into(m.destination, s->ports[np].name, sizeof(m.destination));
		if (np >= 0)
			put_time(&m, arr, 1);
		v->seq = (uint8_t)((v->seq + 1) % 10);
		vigil_aisenc_encode(&m, &p);
		got += emit(s, &p, v, -1, t, lat, lon, w);
	}
	if (got)
		v->nstatic_rx++;
	v->chan ^= 1;
}

static void base_station(struct vigil_sim *s, size_t r, int64_t t, char **w)
{
	struct vigil_aisenc_msg m;
	struct vigil_ais_payload p;
	struct sim_recv *rc = &s->recv[r];

	vigil_aisenc_msg_init(&m);
	m.type = 4;
	m.mmsi = rc->base_mmsi;
	m.lat = rc->lat;
	m.lon = rc->lon;
	m.accuracy = 1;
	m.epfd = 7;     /* surveyed */
	put_time(&m, t, 0);
	vigil_aisenc_encode(&m, &p);
	emit(s, &p, NULL, (int)r, t, rc->lat, rc->lon, w);
}

int vigil_sim_run(struct vigil_sim *s, char *buf, size_t cap, size_t *len)
{
	size_t need = vigil_sim_chunk_min(s);
	int64_t end_sec = floor_sec(s->end - 1);
	char *w = buf;

	*len = 0;
	if (s->done)
		return VIGIL_E_OK;
	if (cap < need)
		return VIGIL_E_TOOBIG;
	for (;;) {
		uint32_t b = (uint32_t)((uint64_t)s->sec & (SIM_RING - 1)), id;
		int64_t t, next = -1;

		if (s->pend == SIM_NIL) {
			if (s->head[b] != SIM_NIL) {
				/* Take this second's list; emitters due again this second queue up behind it. */
				s->pend = s->head[b];
				s->head[b] = s->tail[b] = SIM_NIL;
				continue;
			}
			/* Second done: entries of later laps go back to their bucket. */
			if (s->defer_h != SIM_NIL) {
				s->head[b] = s->defer_h;
				s->tail[b] = s->defer_t;
				s->defer_h = s->defer_t = SIM_NIL;
			}
			if (++s->sec > end_sec)
				break;
			continue;
		}
		if ((size_t)(w - buf) + need > cap) {
			*len = (size_t)(w - buf);
			return VIGIL_E_INCOMPLETE;
		}
		id = s->pend;
		s->pend = s->next[id];
		t = s->when[id];
#if defined(__GNUC__)
		/*
		 * The emitters of one second are scattered in memory: fetch the
		 * vessel two ahead and the current leg of the one just ahead.
		 */
		if (s->pend != SIM_NIL) {
			uint32_t n1 = s->pend, n2 = s->next[n1];
			if (n2 != SIM_NIL && n2 < 2 * s->nv)
				__builtin_prefetch(&s->v[n2 / 2]);
			if (n1 < 2 * s->nv) {
				const struct sim_vessel *pv = &s->v[n1 / 2];
				__builtin_prefetch(pv->legs + pv->cur);
			}
		}
#endif
		if (floor_sec(t) > s->sec) {
			s->next[id] = SIM_NIL;
			if (s->defer_t == SIM_NIL)
				s->defer_h = id;
			else
				s->next[s->defer_t] = id;
			s->defer_t = id;
			continue;
		}
		if (t >= s->end)
			continue;
		if (id >= 2 * s->nv) {
			size_t r = id - 2 * s->nv;
			base_station(s, r, t, &w);
			next = t + s->recv[r].base_every;
		} else {
			struct sim_vessel *v = &s->v[id / 2];
			if (t < v->t_end) {
				if (id & 1) {
					vessel_static(s, v, t, &w);
					next = t + (int64_t)(s->static_every_s * (950 + 100 * vigil__sim_unif(&v->rng)));
				} else {
					vessel_pos(s, v, t, &w, &next);
				}
			}
		}
		if (next > t && next < s->end)
			cq_push(s, id, next);
	}
	*len = (size_t)(w - buf);
	s->done = 1;
	if (vigil__sim_truth_build(s))
		return VIGIL_E_NOMEM;
	return VIGIL_E_OK;
}

void vigil_sim_stats(const struct vigil_sim *s, struct vigil_sim_stats *st)
{
	*st = s->st;
}
