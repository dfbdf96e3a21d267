/* ais.h - AIS payload bits and message decoding (ITU-R M.1371) into caller-owned structs. */
#ifndef VIGIL_AIS_H
#define VIGIL_AIS_H

#include <stddef.h>
#include <stdint.h>

/* Longest payload accepted, in bits; longer messages are counted as bad length. */
#define VIGIL_AIS_MAXBITS 2048

/*
 * A message's payload after de-armoring: bits packed MSB first.
 * The tail beyond nbits is kept zero, with 8 spare bytes so that readers
 * may load whole words without bounds checks.
 */
struct vigil_ais_payload {
	size_t nbits;
	uint8_t bits[VIGIL_AIS_MAXBITS / 8 + 8];
};

/* Empty a payload (nbits = 0, bits zeroed). */
void vigil_ais_payload_clear(struct vigil_ais_payload *p);

/*
 * Append armored six-bit characters (NMEA payload field) to p, then drop `fill`
 * trailing bits (use fill 0 for all fragments but the last).
 * Returns VIGIL_E_PARSE on a character outside the AIS armor set,
 * VIGIL_E_LENGTH if the result would exceed VIGIL_AIS_MAXBITS or fill > 5.
 * On error p is left unchanged.
 */
int vigil_ais_payload_append(struct vigil_ais_payload *p, const char *armored,
			     size_t len, unsigned fill);

/* Read `width` (1..32) bits starting at bit `start` as an unsigned number. Zero past nbits. */
uint32_t vigil_ais_bits_u(const struct vigil_ais_payload *p, size_t start, unsigned width);

/* Same, two's complement signed. */
int32_t vigil_ais_bits_s(const struct vigil_ais_payload *p, size_t start, unsigned width);

#endif
