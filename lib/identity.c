/* identity.c - static report cleaning, IMO check digits, MMSI classification, name normalisation. */
#include <ctype.h>
#include <math.h>
#include <string.h>

#include "vigil/identity.h"

static void trim(char *s)
{
	size_t n = strlen(s), i;
	int only_at = 1;

	while (n && (s[n - 1] == ' ' || s[n - 1] == '@'))
		s[--n] = 0;
	for (i = 0; i < n; i++)
		if (s[i] != '@' && s[i] != ' ')
			only_at = 0;
	if (only_at)
		s[0] = 0;
}

void vigil_static_clean(struct vigil_static *s, uint32_t *bad_imo)
{
	s->name[sizeof(s->name) - 1] = 0;
	s->callsign[sizeof(s->callsign) - 1] = 0;
	s->destination[sizeof(s->destination) - 1] = 0;
	trim(s->name);
	trim(s->callsign);
	trim(s->destination);
	if (bad_imo)
		*bad_imo = 0;
	if (s->imo && (s->imo < 1000000 || s->imo > 9999999)) {
		if (bad_imo)
			*bad_imo = s->imo;
		s->imo = 0;
	}
	if (!(s->draught > 0 && s->draught < 25.5f))
		s->draught = NAN;
	if (s->shiptype > 99)
		s->shiptype = 0;
}

int vigil_identity_imo_ok(uint32_t imo)
{
	unsigned d[7], i, sum = 0;

	if (imo < 1000000 || imo > 9999999)
		return 0;
	for (i = 0; i < 7; i++) {
		d[6 - i] = imo % 10;
		imo /= 10;
	}
	/* Weights 7..2 on the first six digits; the last digit of the sum is the check. */
	for (i = 0; i < 6; i++)
		sum += d[i] * (7 - i);
	return sum % 10 == d[6];
}

enum vigil_mmsi_kind vigil_mmsi_kind(uint32_t mmsi, unsigned *mid)
{
	unsigned m = 0;
	enum vigil_mmsi_kind k;

	if (mmsi >= 1000000000u) {
		k = VIGIL_MMSI_OTHER;
	} else if (mmsi >= 970000000u && mmsi < 980000000u) {
		k = VIGIL_MMSI_SART;
	} else if (mmsi >= 980000000u && mmsi < 990000000u) {
		m = mmsi / 10000 % 1000;
		k = VIGIL_MMSI_CRAFT;
	} else if (mmsi >= 990000000u) {
		m = mmsi / 10000 % 1000;
		k = VIGIL_MMSI_ATON;
	} else if (mmsi >= 111000000u && mmsi < 112000000u) {
		m = mmsi / 1000 % 1000;
		k = VIGIL_MMSI_SAR;
	} else if (mmsi >= 200000000u && mmsi < 800000000u) {
		m = mmsi / 1000000;
		k = vigil_mid_flag(m) ? VIGIL_MMSI_SHIP : VIGIL_MMSI_BADMID;
	} else if (mmsi >= 800000000u) {
		k = VIGIL_MMSI_OTHER;
	} else if (mmsi >= 100000000u) {
		m = mmsi / 1000000;
		k = VIGIL_MMSI_BADMID; /* nine digits, ship form, but no MID starts with 1 */
	} else if (mmsi >= 2000000u && mmsi < 8000000u) {
		m = mmsi / 10000;
		k = vigil_mid_flag(m) ? VIGIL_MMSI_COAST : VIGIL_MMSI_SHORT;
	} else if (mmsi >= 20000000u && mmsi < 80000000u) {
		m = mmsi / 100000;
		k = vigil_mid_flag(m) ? VIGIL_MMSI_GROUP : VIGIL_MMSI_SHORT;
	} else {
		k = VIGIL_MMSI_SHORT;
	}
	if (mid)
		*mid = m;
	return k;
}

const char *vigil_mmsi_kind_name(enum vigil_mmsi_kind k)
{
	static const char *const n[] = { "ship", "badmid", "short", "coast", "group", "sar", "craft",
					 "aton", "sart", "other" };

	return (unsigned)k < sizeof(n) / sizeof(n[0]) ? n[k] : "other";
}

void vigil_name_norm(const char *in, char *out, size_t cap)
{
	size_t o = 0;
	int sp = 0;

	if (!cap)
		return;
	for (; *in && o + 1 < cap; in++) {
		unsigned char c = (unsigned char)*in;

		if (isalnum(c)) {
			if (sp && o)
				out[o++] = ' ';
			if (o + 1 >= cap)
				break;
			out[o++] = (char)toupper(c);
			sp = 0;
		} else {
			sp = 1;
		}
	}
	out[o] = 0;
}
