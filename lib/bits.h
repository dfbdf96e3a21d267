/* bits.h - inline bit-field readers over a de-armored AIS payload (internal). */
#ifndef VIGIL__BITS_H
#define VIGIL__BITS_H

#include <stdint.h>
#include "vigil/ais.h"

/*
 * Read width (1..32) bits at start, MSB first. Bits past the buffer's end read
 * as zero: callers check nbits for the message length first, and the payload
 * keeps its tail zeroed with 8 spare bytes.
 */
static inline uint32_t vigil__bits_u(const struct vigil_ais_payload *p, size_t start,
				     unsigned width)
{
	size_t byte = start >> 3;
	uint64_t w;

	if (byte + 8 > sizeof(p->bits))
		return 0;
	w = (uint64_t)p->bits[byte] << 56 | (uint64_t)p->bits[byte + 1] << 48 |
	    (uint64_t)p->bits[byte + 2] << 40 | (uint64_t)p->bits[byte + 3] << 32 |
	    (uint64_t)p->bits[byte + 4] << 24 | (uint64_t)p->bits[byte + 5] << 16 |
	    (uint64_t)p->bits[byte + 6] << 8 | (uint64_t)p->bits[byte + 7];
	w <<= (start & 7);
	return (uint32_t)(w >> (64 - width));
}

static inline int32_t vigil__bits_s(const struct vigil_ais_payload *p, size_t start,
				    unsigned width)
{
	uint32_t u = vigil__bits_u(p, start, width);
	uint32_t sign = 1u << (width - 1);
	return (int32_t)((u ^ sign) - sign);
}

#endif
