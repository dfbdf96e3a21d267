/* test_payload.c - de-armoring and bit-field reads. */
#include "harness.h"
#include "vigil/ais.h"
#include "vigil/error.h"

int main(void)
{
	struct vigil_ais_payload p;

	/* Type 1 from gpsd's sample.aivdm: 15RTgt0PAso;90TKcjM8h6g208CQ */
	vigil_ais_payload_clear(&p);
	CHECK_INT(vigil_ais_payload_append(&p, "15RTgt0PAso;90TKcjM8h6g208CQ", 28, 0), VIGIL_E_OK);
	CHECK_INT(p.nbits, 168);
	CHECK_INT(vigil_ais_bits_u(&p, 0, 6), 1);
	CHECK_INT(vigil_ais_bits_u(&p, 8, 30), 371798000);
	CHECK_INT(vigil_ais_bits_s(&p, 61, 28), -74037230); /* lon -123.395383 * 600000 */
	CHECK_INT(vigil_ais_bits_s(&p, 89, 27), 29028980);  /* lat 48.381633 * 600000 */

	/* Fill bits are dropped from nbits but stay in the buffer, as gpsd keeps them. */
	vigil_ais_payload_clear(&p);
	CHECK_INT(vigil_ais_payload_append(&p, "w", 1, 2), VIGIL_E_OK);
	CHECK_INT(p.nbits, 4);
	CHECK_INT(vigil_ais_bits_u(&p, 0, 8), 0xfc);
	CHECK_INT(vigil_ais_bits_u(&p, 6, 8), 0);

	/* Invalid armor characters and fill counts are refused and leave p unchanged. */
	CHECK_INT(vigil_ais_payload_append(&p, "1X", 2, 0), VIGIL_E_PARSE);
	CHECK_INT(vigil_ais_payload_append(&p, "1", 1, 10), VIGIL_E_LENGTH);
	CHECK_INT(vigil_ais_payload_append(&p, "1", 1, 7), VIGIL_E_LENGTH);
	CHECK_INT(p.nbits, 4);
	TEST_END();
}
