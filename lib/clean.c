/* clean.c - drop the values AIS defines as "not available" from a position report. */
#include <math.h>

#include "vigil/fix.h"

int vigil_fix_clean(struct vigil_fix *f)
{
	if (f->mmsi == 0 || f->mmsi > 999999999u)
		return VIGIL_FIX_MMSI;
	/* 1990-01-01 .. 2100-01-01 in ms: anything else is a broken clock. */
	if (f->t < 631152000000LL || f->t > 4102444800000LL)
		return VIGIL_FIX_NOTIME;
	if (!(f->lat >= -90 && f->lat <= 90) || !(f->lon >= -180 && f->lon <= 180))
		return VIGIL_FIX_NOPOS;
	if (f->lat == 0 && f->lon == 0)
		return VIGIL_FIX_NULLISLAND;
	if (!(f->sog >= 0 && f->sog < 102.25f))
		f->sog = NAN;
	if (!(f->cog >= 0 && f->cog < 360))
		f->cog = NAN;
	if (f->heading < 0 || f->heading >= 360)
		f->heading = -1;
	if (f->status > 15)
		f->status = 15;
	return VIGIL_FIX_OK;
}

const char *vigil_fix_badname(int reason)
{
	static const char *const names[VIGIL_FIX__COUNT] = { "ok", "nopos", "nullisland", "notime", "mmsi" };

	if (reason < 0 || reason >= VIGIL_FIX__COUNT)
		return "unknown";
	return names[reason];
}
