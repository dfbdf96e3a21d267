/* ais_payload.c - de-armoring of NMEA six-bit payloads and bit-field reads. */
#include <string.h>

#include "vigil/ais.h"
#include "vigil/error.h"
#include "bits.h"

void vigil_ais_payload_clear(struct vigil_ais_payload *p)
{
	p->nbits = 0;
	memset(p->bits, 0, sizeof(p->bits));
}

/* Six-bit value of an armor character, or 0xff if the character is not in the set. */
static const uint8_t unarmor[256] = {
#define R(c) [c] = (uint8_t)(((c) - 48 > 40 ? (c) - 56 : (c) - 48))
	R(48), R(49), R(50), R(51), R(52), R(53), R(54), R(55), R(56), R(57),
	R(58), R(59), R(60), R(61), R(62), R(63), R(64), R(65), R(66), R(67),
	R(68), R(69), R(70), R(71), R(72), R(73), R(74), R(75), R(76), R(77),
	R(78), R(79), R(80), R(81), R(82), R(83), R(84), R(85), R(86), R(87),
	R(96), R(97), R(98), R(99), R(100), R(101), R(102), R(103), R(104),
	R(105), R(106), R(107), R(108), R(109), R(110), R(111), R(112), R(113),
	R(114), R(115), R(116), R(117), R(118), R(119),
#undef R
};
/* 0 is a valid value ('0'), so validity is tracked separately. */
static int armor_ok(unsigned char c)
{
	return (c >= 48 && c <= 87) || (c >= 96 && c <= 119);
}

int vigil_ais_payload_append(struct vigil_ais_payload *p, const char *armored,
			     size_t len, unsigned fill)
{
	size_t i, bit = p->nbits;

	if (fill > 9 || len > (VIGIL_AIS_MAXBITS - p->nbits) / 6 + 2)
		return VIGIL_E_LENGTH;
	if (len * 6 < fill || p->nbits + len * 6 - fill > VIGIL_AIS_MAXBITS)
		return VIGIL_E_LENGTH;
	for (i = 0; i < len; i++)
		if (!armor_ok((unsigned char)armored[i]))
			return VIGIL_E_PARSE;
	for (i = 0; i < len; i++, bit += 6) {
		unsigned v = unarmor[(unsigned char)armored[i]];
		size_t byte = bit >> 3;
		unsigned off = bit & 7;
		/* Six bits land in at most two bytes, MSB first. */
		unsigned w = (v << 10) >> off;
		p->bits[byte] |= (uint8_t)(w >> 8);
		p->bits[byte + 1] |= (uint8_t)w;
	}
	/*
	 * The fill bits stay in the buffer past nbits: gpsd reads them (hex
	 * dumps of types 6/17/25/26, fields of short messages), so byte identity
	 * needs them. Past nbits + fill the buffer is still zero.
	 */
	p->nbits = bit - fill;
	return VIGIL_E_OK;
}

uint32_t vigil_ais_bits_u(const struct vigil_ais_payload *p, size_t start, unsigned width)
{
	return vigil__bits_u(p, start, width);
}

int32_t vigil_ais_bits_s(const struct vigil_ais_payload *p, size_t start, unsigned width)
{
	return vigil__bits_s(p, start, width);
}
