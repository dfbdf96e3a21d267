/* test_identity.c - IMO check digits, MID flags, MMSI kinds, flag names, static cleaning. */
#include <math.h>

#include "harness.h"
#include "vigil/identity.h"

int main(void)
{
	struct vigil_static s;
	unsigned mid;
	uint32_t bad;
	char cc[3], out[32];

	/* IMO Res. A.1078 example: 9074729 (weights 7..2 give 139, check digit 9). */
	CHECK(vigil_identity_imo_ok(9074729));
	CHECK(!vigil_identity_imo_ok(9074728));
	CHECK(!vigil_identity_imo_ok(0));
	CHECK(!vigil_identity_imo_ok(123456));
	CHECK(!vigil_identity_imo_ok(10000000));

	CHECK_STR(vigil_mid_flag(273), "RU");
	CHECK_STR(vigil_mid_flag(445), "KP");
	CHECK_STR(vigil_mid_flag(667), "SL");
	CHECK_STR(vigil_mid_flag(457), "MN");
	CHECK_STR(vigil_mid_flag(477), "HK");
	CHECK(vigil_mid_flag(200) == NULL);
	CHECK(vigil_mid_flag(999) == NULL);

	CHECK_INT(vigil_mmsi_kind(273210440, &mid), VIGIL_MMSI_SHIP);
	CHECK_INT(mid, 273);
	CHECK_INT(vigil_mmsi_kind(200000010, &mid), VIGIL_MMSI_BADMID);
	CHECK_INT(vigil_mmsi_kind(123456789, &mid), VIGIL_MMSI_BADMID);
	CHECK_INT(vigil_mmsi_kind(12345, &mid), VIGIL_MMSI_SHORT);
	CHECK_INT(vigil_mmsi_kind(2734500, &mid), VIGIL_MMSI_COAST);
	CHECK_INT(mid, 273);
	CHECK_INT(vigil_mmsi_kind(111273100, &mid), VIGIL_MMSI_SAR);
	CHECK_INT(vigil_mmsi_kind(970123456, &mid), VIGIL_MMSI_SART);
	CHECK_INT(vigil_mmsi_kind(992731234, &mid), VIGIL_MMSI_ATON);

	CHECK(vigil_flag_iso2("Korea, North", cc));
	CHECK_STR(cc, "KP");
	CHECK(vigil_flag_iso2("Democratic People's Republic of Korea", cc));
	CHECK_STR(cc, "KP");
	CHECK(vigil_flag_iso2("ru", cc));
	CHECK_STR(cc, "RU");
	CHECK(vigil_flag_iso2("Russian Federation", cc));
	CHECK_STR(cc, "RU");
	CHECK(vigil_flag_iso2("Sierra Leone", cc));
	CHECK_STR(cc, "SL");
	CHECK(!vigil_flag_iso2("Atlantis", cc));

	memset(&s, 0, sizeof(s));
	strcpy(s.name, "@@@@@@@@@@@@@@@@@@@@");
	strcpy(s.callsign, "UBYT2  ");
	s.imo = 12;
	s.draught = 0;
	vigil_static_clean(&s, &bad);
	CHECK_STR(s.name, "");
	CHECK_STR(s.callsign, "UBYT2");
	CHECK_INT(s.imo, 0);
	CHECK_INT(bad, 12);
	CHECK(isnan(s.draught));

	vigil_name_norm("  Lady-R  ", out, sizeof(out));
	CHECK_STR(out, "LADY R");
	TEST_END();
}
