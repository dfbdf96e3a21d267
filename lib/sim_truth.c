/* sim_truth.c - port visits from the plan, and the ground-truth JSON of planted events and decoys. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/error.h"
#include "sim_int.h"

#define MAX_VISITS 1024
#define VISIT_MIN_MS (30 * 60000LL)   /* shorter stays inside a port radius are not visits */
#define STEP_MS 60000LL

int vigil__sim_visits(struct vigil_sim *s)
{
	int64_t *open = malloc(s->nports * sizeof(*open));
	size_t vi, k;

	if (!open)
		return VIGIL_E_NOMEM;
	for (vi = 0; vi < (s->bg_truth ? s->nv : s->ndeclared); vi++) {
		struct sim_vessel *v = &s->v[vi];
		uint32_t hint = 0, cap = 0;
		int64_t t;

		for (k = 0; k < s->nports; k++)
			open[k] = -1;
		for (t = v->t_start; t <= v->t_end; t += STEP_MS) {
			double lat, lon, sog, cog;
			const struct sim_leg *l;
			int last = t + STEP_MS > v->t_end;

			vigil__sim_state(v, t, &hint, &lat, &lon, &sog, &cog, &l);
			for (k = 0; k < s->nports; k++) {
				const struct sim_port *p = &s->ports[k];
				double dlat = fabs(lat - p->lat);
				int in = dlat * SIM_KM_PER_DEG <= p->radius_km &&
					 vigil__sim_dist_km(lat, lon, p->lat, p->lon) <= p->radius_km;
				if (in && !last) {
					if (open[k] < 0)
						open[k] = t;
					continue;
				}
				if (open[k] < 0)
					continue;
				if (t - open[k] >= VISIT_MIN_MS) {
					struct sim_visit *z;
					uint32_t j;
					if (v->nvisits == cap) {
						struct sim_visit *nv;
						if (cap >= MAX_VISITS)
							goto next;
						cap = cap ? 2 * cap : 8;
						nv = realloc(v->visits, cap * sizeof(*nv));
						if (!nv) {
							free(open);
							return VIGIL_E_NOMEM;
						}
						v->visits = nv;
					}
					z = &v->visits[v->nvisits++];
					memset(z, 0, sizeof(*z));
					z->t0 = open[k];
					z->t1 = t;
					z->port = (int16_t)k;
					for (j = 0; j < v->nlegs; j++)
						if (v->legs[j].kind == LEG_DWELL && v->legs[j].port == (int16_t)k &&
						    v->legs[j].t0 < z->t1 && v->legs[j].t1 > z->t0)
							z->stop = 1;
				}
next:
				open[k] = -1;
			}
		}
		/* Visits in order of start, for the receive cursor. */
		for (k = 1; k < v->nvisits; k++) {
			struct sim_visit x = v->visits[k];
			size_t j = k;
			while (j && v->visits[j - 1].t0 > x.t0) {
				v->visits[j] = v->visits[j - 1];
				j--;
			}
			v->visits[j] = x;
		}
	}
	free(open);
	return VIGIL_E_OK;
}

/* ---- a small growable string ---- */

struct sb {
	char *b;
	size_t n, cap;
	int oom;
};

#define SB_MAX ((size_t)512 << 20)

static void sb_put(struct sb *sb, const char *s, size_t n)
{
	if (sb->oom)
		return;
	if (sb->n + n + 1 > sb->cap) {
		size_t nc = sb->cap ? sb->cap : 4096;
		char *nb;
		while (nc < sb->n + n + 1)
			nc *= 2;
		nb = nc <= SB_MAX ? realloc(sb->b, nc) : NULL;
		if (!nb) {
			sb->oom = 1;
			return;
		}
		sb->b = nb;
		sb->cap = nc;
	}
	memcpy(sb->b + sb->n, s, n);
	sb->n += n;
	sb->b[sb->n] = 0;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void sb_printf(struct sb *sb, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		sb_put(sb, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

static void sb_str(struct sb *sb, const char *s)
{
	sb_put(sb, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			char e[2] = { '\\', (char)c };
			sb_put(sb, e, 2);
		} else if (c < 0x20) {
			sb_printf(sb, "\\u%04x", c);
		} else {
			sb_put(sb, s, 1);
		}
	}
	sb_put(sb, "\"", 1);
}

static void iso(char *out, size_t cap, int64_t ms)
{
	int64_t days = ms / 86400000, rem = ms % 86400000;
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1, mo = mp < 10 ? mp + 3 : mp - 9;
	int64_t y = (int64_t)yoe + era * 400 + (mo <= 2);

	snprintf(out, cap, "%04lld-%02u-%02uT%02u:%02u:%02uZ", (long long)y, mo, d,
		 (unsigned)(rem / 3600000), (unsigned)(rem / 60000 % 60), (unsigned)(rem / 1000 % 60));
}

/* ---- events ---- */

struct ev {
	int64_t start;
	int decoy;
	char *body;      /* members after "id", starting with ',' */
};

struct tb {
	struct vigil_sim *s;
	struct ev *e;
	size_t n, cap;
	struct sb cur;
	int oom;
};

/* Start an event: type, times and the opening of "vessels". */
static void ev_begin(struct tb *t, const char *type, int64_t a, int64_t b)
{
	char ia[72], ib[72];

	t->cur.n = 0;
	if (a < t->s->start)
		a = t->s->start;
	if (b > t->s->end)
		b = t->s->end;
	if (b < a)
		b = a;
	iso(ia, sizeof(ia), a);
	iso(ib, sizeof(ib), b);
	sb_printf(&t->cur, ",\"type\":\"%s\",\"start\":%lld,\"end\":%lld,\"start_iso\":\"%s\",\"end_iso\":\"%s\"",
		  type, (long long)(a / 1000), (long long)(b / 1000), ia, ib);
	sb_put(&t->cur, ",\"vessels\":[", 12);
}

static void ev_vessel(struct tb *t, const struct sim_vessel *v, int first, int64_t at, int dark,
		      int history)
{
	const struct sim_ident *id = vigil__sim_ident(v, at);
	unsigned i;

	if (!first)
		sb_put(&t->cur, ",", 1);
	sb_printf(&t->cur, "{\"vessel_id\":\"%s\",\"mmsi\":%u,\"imo\":", v->id, id->mmsi);
	if (id->imo)
		sb_printf(&t->cur, "%u", id->imo);
	else
		sb_put(&t->cur, "null", 4);
	sb_put(&t->cur, ",\"name\":", 8);
	sb_str(&t->cur, id->name);
	sb_put(&t->cur, ",\"callsign\":", 12);
	sb_str(&t->cur, id->callsign);
	if (v->true_imo)
		sb_printf(&t->cur, ",\"true_imo\":%u", v->true_imo);
	if (v->true_name[0]) {
		sb_put(&t->cur, ",\"true_name\":", 13);
		sb_str(&t->cur, v->true_name);
	}
	if (dark)
		sb_put(&t->cur, ",\"dark\":true", 12);
	if (history && v->nident > 1) {
		sb_put(&t->cur, ",\"mmsis\":[", 10);
		for (i = 0; i < v->nident; i++)
			sb_printf(&t->cur, "%s%u", i ? "," : "", v->ident[i].mmsi);
		sb_put(&t->cur, "],\"names\":[", 11);
		for (i = 0; i < v->nident; i++) {
			if (i)
				sb_put(&t->cur, ",", 1);
			sb_str(&t->cur, v->ident[i].name);
		}
		sb_put(&t->cur, "]", 1);
	}
	sb_put(&t->cur, "}", 1);
}

/* Close "vessels", add the rest (already formatted members starting with ','), store. */
static void ev_end(struct tb *t, int decoy, const char *rest)
{
	sb_put(&t->cur, "]", 1);
	sb_put(&t->cur, rest, strlen(rest));
	if (t->cur.oom) {
		t->oom = 1;
		return;
	}
	if (t->n == t->cap) {
		size_t nc = t->cap ? 2 * t->cap : 64;
		struct ev *ne = nc <= 1000000 ? realloc(t->e, nc * sizeof(*ne)) : NULL;
		if (!ne) {
			t->oom = 1;
			return;
		}
		t->e = ne;
		t->cap = nc;
	}
	t->e[t->n].decoy = decoy;
	t->e[t->n].body = malloc(t->cur.n + 1);
	if (!t->e[t->n].body) {
		t->oom = 1;
		return;
	}
	memcpy(t->e[t->n].body, t->cur.b, t->cur.n + 1);
	t->n++;
}

static int64_t ev_start_of(const char *body)
{
	const char *p = strstr(body, "\"start\":");
	return p ? strtoll(p + 8, NULL, 10) : 0;
}

static int ev_cmp(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;
	if (x->decoy != y->decoy)
		return x->decoy - y->decoy;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return strcmp(x->body, y->body);
}

static double dark_share(const struct sim_vessel *v, int64_t a, int64_t b)
{
	int64_t cover = 0;
	unsigned i;

	for (i = 0; i < v->ndark; i++) {
		int64_t x = v->dark[i].t0 > a ? v->dark[i].t0 : a, y = v->dark[i].t1 < b ? v->dark[i].t1 : b;
		if (y > x)
			cover += y - x;
	}
	return b > a ? (double)cover / (double)(b - a) : 0;
}

static void pos_at(const struct sim_vessel *v, int64_t t, double *lat, double *lon)
{
	uint32_t h = 0;
	double sog, cog;
	const struct sim_leg *l;

	vigil__sim_state(v, t, &h, lat, lon, &sog, &cog, &l);
}

static const char *const meet_kind_names[] = {
	"sts", "anchored_pair_in_port", "tug_alongside_in_port", "bunkering_in_port_anchorage",
	"passing_at_speed",
};

static void truth_vessel_events(struct tb *t, size_t vi)
{
	struct vigil_sim *s = t->s;
	struct sim_vessel *v = &s->v[vi];
	char rest[1024];
	unsigned i, j;
	double la, lo, la2, lo2;

	/* Dark periods. */
	for (i = 0; i < v->ndark; i++) {
		struct sim_win *w = &v->dark[i];
		int obs = w->rx_before && w->rx_after;
		double h = (w->t1 - w->t0) / (double)SIM_HOUR_MS;
		if (w->t0 < s->start && w->t1 > s->end)
			continue;     /* never transmits: a dark partner, not a gap */
		pos_at(v, w->t0, &la, &lo);
		pos_at(v, w->t1, &la2, &lo2);
		ev_begin(t, "gap", w->t0, w->t1);
		ev_vessel(t, v, 1, w->t0, 0, 0);
		snprintf(rest, sizeof(rest),
			 ",\"location\":{\"start\":{\"lat\":%.5f,\"lon\":%.5f},\"end\":{\"lat\":%.5f,\"lon\":%.5f}},"
			 "\"required\":%s,\"observable\":%s,\"duration_h\":%.2f,"
			 "\"note\":\"AIS switched off (planted dark period)\"",
			 la, lo, la2, lo2, obs && h >= s->gap_min_h ? "true" : "false", obs ? "true" : "false", h);
		ev_end(t, 0, rest);
	}
	/* Port visits. */
	for (i = 0; i < v->nvisits; i++) {
		struct sim_visit *z = &v->visits[i];
		const struct sim_port *p = &s->ports[z->port];
		int req = p->interest && z->stop && z->nrx > 0;
		ev_begin(t, "port_visit", z->t0, z->t1);
		ev_vessel(t, v, 1, z->t0, 0, 0);
		snprintf(rest, sizeof(rest),
			 ",\"location\":{\"lat\":%.5f,\"lon\":%.5f,\"port\":\"%s\",\"port_name\":\"%s\"},"
			 "\"required\":%s,\"observable\":%s,\"interest\":%s,\"stop\":%s,\"positions_received\":%u,"
			 "\"clipped_start\":%s,\"clipped_end\":%s,\"note\":\"%s in port %s\"",
			 p->lat, p->lon, p->id, p->name, req ? "true" : "false", z->nrx ? "true" : "false",
			 p->interest ? "\"aoi\"" : "null", z->stop ? "true" : "false", z->nrx,
			 z->t0 <= v->t_start ? "true" : "false", z->t1 >= v->t_end ? "true" : "false",
			 z->stop ? "stop" : "passage", p->name);
		ev_end(t, 0, rest);
	}
	/* Loitering legs, fishing drift decoys. */
	for (i = 0; i < v->nlegs; i++) {
		const struct sim_leg *l = &v->legs[i];
		double h = (l->t1 - l->t0) / (double)SIM_HOUR_MS;
		int64_t a = l->t0, b = l->t1 < s->end ? l->t1 : s->end;
		if (l->kind != LEG_DWELL || l->where != DW_SEA || (!l->loiter && !v->fishing))
			continue;
		if ((b - a) < 4 * SIM_HOUR_MS)
			continue;
		ev_begin(t, v->fishing ? "decoy" : "loitering", a, b);
		ev_vessel(t, v, 1, a, 0, 0);
		if (v->fishing)
			snprintf(rest, sizeof(rest),
				 ",\"must_not_flag\":\"loitering\",\"decoy_kind\":\"fishing_vessel_slow\","
				 "\"location\":{\"lat\":%.5f,\"lon\":%.5f},\"duration_h\":%.2f,"
				 "\"note\":\"fishing vessel drifting slowly on its grounds: not loitering\"",
				 l->lat0, l->lon0, h);
		else
			snprintf(rest, sizeof(rest),
				 ",\"location\":{\"lat\":%.5f,\"lon\":%.5f},\"required\":%s,\"observable\":%s,"
				 "\"duration_h\":%.2f,\"note\":\"slow drift at sea (STS with a dark partner or waiting)\"",
				 l->lat0, l->lon0, dark_share(v, a, b) < 0.5 ? "true" : "false",
				 dark_share(v, a, b) < 0.5 ? "true" : "false", h);
		ev_end(t, v->fishing, rest);
	}
	/* Identity changes. */
	for (i = 1; i < v->nident; i++) {
		const struct sim_ident *o = &v->ident[i - 1], *n = &v->ident[i];
		int64_t a = n->at, b = n->at + (int64_t)(s->static_every_s * 1000);
		int vis = dark_share(v, a - SIM_HOUR_MS, b + SIM_HOUR_MS) < 0.5;
		pos_at(v, a, &la, &lo);
		ev_begin(t, "identity_change", a, b);
		ev_vessel(t, v, 1, a, 0, 1);
		snprintf(rest, sizeof(rest),
			 ",\"location\":{\"lat\":%.5f,\"lon\":%.5f},\"required\":%s,\"observable\":%s,"
			 "\"old_identity\":{\"mmsi\":%u,\"imo\":%u},\"new_identity\":{\"mmsi\":%u,\"imo\":%u},"
			 "\"note\":\"name/call sign/MMSI change under one IMO\"",
			 la, lo, vis ? "true" : "false", vis ? "true" : "false", o->mmsi, o->imo, n->mmsi, n->imo);
		ev_end(t, 0, rest);
	}
	/* Spoofed positions. */
	for (i = 0; i < v->nspoof; i++) {
		const struct sim_win *w = &v->spoof[i];
		pos_at(v, w->t0, &la, &lo);
		ev_begin(t, "spoof_jump", w->t0, w->t1);
		ev_vessel(t, v, 1, w->t0, 0, 0);
		snprintf(rest, sizeof(rest),
			 ",\"location\":{\"true\":{\"lat\":%.5f,\"lon\":%.5f},\"reported\":{\"lat\":%.5f,\"lon\":%.5f}},"
			 "\"required\":%s,\"observable\":%s,\"jump_km\":%.0f,\"spoofed_positions_received\":%u,"
			 "\"note\":\"reported positions jump away and back; the radio stays where the ship is\"",
			 la, lo, w->lat, w->lon, w->nrx ? "true" : "false", w->nrx ? "true" : "false",
			 vigil__sim_dist_km(la, lo, w->lat, w->lon), w->nrx);
		ev_end(t, 0, rest);
	}
	/* Invalid IMO and MID/flag mismatch, over the transmitting period. */
	for (i = 0; i < v->nident; i++) {
		const struct sim_ident *id = &v->ident[i];
		int64_t a = i ? id->at : v->t_start, b = i + 1 < v->nident ? v->ident[i + 1].at : v->t_end;
		const char *mf = vigil_sim_mid_flag(id->mmsi);
		const char *flag = id->flag[0] ? id->flag : v->flag;
		if (id->imo && !vigil_sim_imo_valid(id->imo)) {
			int dup = 0;
			for (j = 0; j < i; j++)
				dup |= v->ident[j].imo == id->imo;
			if (!dup) {
				pos_at(v, a, &la, &lo);
				ev_begin(t, "invalid_imo", a, b);
				ev_vessel(t, v, 1, a, 0, 0);
				snprintf(rest, sizeof(rest),
					 ",\"location\":{\"lat\":%.5f,\"lon\":%.5f},\"required\":%s,\"observable\":%s,"
					 "\"broadcast_imo\":%u,\"note\":\"type 5 IMO fails the check digit\"",
					 la, lo, v->nstatic_rx ? "true" : "false", v->nstatic_rx ? "true" : "false", id->imo);
				ev_end(t, 0, rest);
			}
		}
		if (flag[0] && mf[0] && strcmp(flag, mf)) {
			pos_at(v, a, &la, &lo);
			ev_begin(t, "mid_mismatch", a, b);
			ev_vessel(t, v, 1, a, 0, 0);
			snprintf(rest, sizeof(rest),
				 ",\"location\":{\"lat\":%.5f,\"lon\":%.5f},\"required\":%s,\"observable\":%s,"
				 "\"mid\":%u,\"mid_flag\":\"%s\",\"claimed_flag\":\"%s\","
				 "\"note\":\"MMSI MID flag differs from the vessel's flag (detectors need it from the lists)\"",
				 la, lo, v->npos_rx ? "true" : "false", v->npos_rx ? "true" : "false",
				 id->mmsi / 1000000, mf, flag);
			ev_end(t, 0, rest);
		}
	}
}

static void truth_meetings(struct tb *t)
{
	struct vigil_sim *s = t->s;
	char rest[1024];
	size_t k;
	unsigned j;

	for (k = 0; k < s->nmeet; k++) {
		struct sim_meeting *m = &s->meet[k];
		int64_t a = 0, b = INT64_MAX;
		unsigned visible = 0;
		int dark[4];
		for (j = 0; j < m->nv; j++) {
			a = m->arr[j] > a ? m->arr[j] : a;
			b = m->dep[j] < b ? m->dep[j] : b;
		}
		if (b <= a)
			continue;
		for (j = 0; j < m->nv; j++) {
			dark[j] = dark_share(&s->v[m->v[j]], a, b) >= 0.5;
			visible += !dark[j];
		}
		if (m->kind == MEET_STS) {
			ev_begin(t, "encounter", a, b);
			for (j = 0; j < m->nv; j++)
				ev_vessel(t, &s->v[m->v[j]], j == 0, a, dark[j], 0);
			snprintf(rest, sizeof(rest),
				 ",\"location\":{\"lat\":%.5f,\"lon\":%.5f},\"required\":%s,\"observable\":%s,"
				 "\"duration_h\":%.2f,\"separation_m\":%.0f,\"meeting\":\"%s\","
				 "\"note\":\"ship-to-ship meeting at sea%s\"",
				 m->lat, m->lon, visible >= 2 ? "true" : "false", visible >= 2 ? "true" : "false",
				 (b - a) / (double)SIM_HOUR_MS, m->sep_m, m->id,
				 visible >= 2 ? "" : " with a dark partner");
			ev_end(t, 0, rest);
			/* Each visible vessel also drifts slowly: loitering, required when its partner is dark. */
			for (j = 0; j < m->nv; j++) {
				if (dark[j] || b - a < 4 * SIM_HOUR_MS)
					continue;
				ev_begin(t, "loitering", a, b);
				ev_vessel(t, &s->v[m->v[j]], 1, a, 0, 0);
				snprintf(rest, sizeof(rest),
					 ",\"location\":{\"lat\":%.5f,\"lon\":%.5f},\"required\":%s,\"observable\":true,"
					 "\"duration_h\":%.2f,\"note\":\"slow drift during meeting %s\"",
					 m->lat, m->lon, visible < 2 ? "true" : "false", (b - a) / (double)SIM_HOUR_MS, m->id);
				ev_end(t, 0, rest);
			}
			continue;
		}
		ev_begin(t, "decoy", a, b);
		for (j = 0; j < m->nv; j++)
			ev_vessel(t, &s->v[m->v[j]], j == 0, a, 0, 0);
		snprintf(rest, sizeof(rest),
			 ",\"must_not_flag\":\"encounter\",\"decoy_kind\":\"%s\","
			 "\"location\":{\"lat\":%.5f,\"lon\":%.5f,\"port\":%s%s%s},\"separation_m\":%.0f,"
			 "\"meeting\":\"%s\",\"note\":\"%s\"",
			 meet_kind_names[m->kind], m->lat, m->lon, m->port >= 0 ? "\"" : "",
			 m->port >= 0 ? s->ports[m->port].id : "null", m->port >= 0 ? "\"" : "", m->sep_m, m->id,
			 m->kind == MEET_COMPANY ? "ships sailing in company at speed: not an STS transfer" :
			 "ships close together inside a port or its anchorage: not an STS transfer");
		ev_end(t, 1, rest);
	}
}

static void truth_shared(struct tb *t)
{
	struct vigil_sim *s = t->s;
	char rest[512];
	size_t i, j;

	for (i = 0; i < s->ndeclared; i++)
		for (j = i + 1; j < s->ndeclared; j++) {
			struct sim_vessel *a = &s->v[i], *b = &s->v[j];
			int64_t x = a->t_start > b->t_start ? a->t_start : b->t_start;
			int64_t y = a->t_end < b->t_end ? a->t_end : b->t_end;
			if (a->ident[0].mmsi != b->ident[0].mmsi || y <= x || !a->npos_rx || !b->npos_rx)
				continue;
			ev_begin(t, "shared_mmsi", x, y);
			ev_vessel(t, a, 1, x, 0, 0);
			ev_vessel(t, b, 0, x, 0, 0);
			snprintf(rest, sizeof(rest),
				 ",\"location\":{\"lat\":%.5f,\"lon\":%.5f},\"required\":true,\"observable\":true,"
				 "\"shared_mmsi\":%u,\"note\":\"one MMSI transmitted by two ships at once\"",
				 a->legs[0].lat0, a->legs[0].lon0, a->ident[0].mmsi);
			ev_end(t, 0, rest);
		}
}

static void truth_silences(struct tb *t)
{
	struct vigil_sim *s = t->s;
	char rest[512];
	size_t i;

	for (i = 0; i < s->nsil; i++) {
		const struct sim_silence *z = &s->sil[i];
		ev_begin(t, "decoy", z->t0, z->t1);
		ev_vessel(t, &s->v[z->vessel], 1, z->t0, 0, 0);
		snprintf(rest, sizeof(rest),
			 ",\"must_not_flag\":\"gap\",\"decoy_kind\":\"coverage_gap\","
			 "\"location\":{\"start\":{\"lat\":%.5f,\"lon\":%.5f},\"end\":{\"lat\":%.5f,\"lon\":%.5f}},"
			 "\"duration_h\":%.2f,\"note\":\"AIS stayed on; no receiver heard the ship (coverage hole or "
			 "out of range)\"",
			 z->lat0, z->lon0, z->lat1, z->lon1, (z->t1 - z->t0) / (double)SIM_HOUR_MS);
		ev_end(t, 1, rest);
	}
}

int vigil__sim_truth_build(struct vigil_sim *s)
{
	struct tb t;
	struct sb out = { 0 }, meta = { 0 };
	size_t i, ne = 0, nd = 0;

	memset(&t, 0, sizeof(t));
	t.s = s;
	for (i = 0; i < (s->bg_truth ? s->nv : s->ndeclared); i++)
		truth_vessel_events(&t, i);
	truth_meetings(&t);
	truth_shared(&t);
	truth_silences(&t);
	for (i = 0; i < t.n; i++)
		t.e[i].start = ev_start_of(t.e[i].body);
	if (t.n)
		qsort(t.e, t.n, sizeof(*t.e), ev_cmp);
	sb_put(&out, "[\n", 2);
	for (i = 0; i < t.n; i++) {
		char id[16];
		if (t.e[i].decoy)
			snprintf(id, sizeof(id), "D%04zu", ++nd);
		else
			snprintf(id, sizeof(id), "E%04zu", ++ne);
		sb_printf(&out, "{\"id\":\"%s\"", id);
		sb_put(&out, t.e[i].body, strlen(t.e[i].body));
		sb_put(&out, i + 1 < t.n ? "},\n" : "}\n", i + 1 < t.n ? 3 : 2);
		free(t.e[i].body);
	}
	sb_put(&out, "]\n", 2);
	free(t.e);
	free(t.cur.b);
	s->st.events = (uint32_t)ne;
	s->st.decoys = (uint32_t)nd;
	sb_put(&meta, "{\"name\":", 8);
	sb_str(&meta, s->name);
	sb_printf(&meta, ",\"generator\":\"vigil simulate\",\"seed\":%llu,"
		  "\"region\":{\"min_lat\":%g,\"max_lat\":%g,\"min_lon\":%g,\"max_lon\":%g},"
		  "\"start\":%lld,\"end\":%lld,\"vessels\":%zu}\n",
		  (unsigned long long)s->seed, s->region[0], s->region[1], s->region[2], s->region[3],
		  (long long)(s->start / 1000), (long long)(s->end / 1000), s->nv);
	if (out.oom || meta.oom || t.oom) {
		free(out.b);
		free(meta.b);
		return VIGIL_E_NOMEM;
	}
	s->truth = out.b;
	s->ntruth = out.n;
	s->meta = meta.b;
	s->nmeta = meta.n;
	return VIGIL_E_OK;
}

int vigil_sim_truth(struct vigil_sim *s, const char **json, size_t *len)
{
	if (!s->done || !s->truth)
		return VIGIL_E_STATE;
	*json = s->truth;
	*len = s->ntruth;
	return VIGIL_E_OK;
}

int vigil_sim_meta(struct vigil_sim *s, const char **json, size_t *len)
{
	if (!s->done || !s->meta)
		return VIGIL_E_STATE;
	*json = s->meta;
	*len = s->nmeta;
	return VIGIL_E_OK;
}
