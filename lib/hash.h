/* hash.h - the one integer hash finaliser shared by vigil's open-addressing tables (internal). */
#ifndef VIGIL__HASH_H
#define VIGIL__HASH_H

#include <stdint.h>

/*
 * murmur3's 64-bit finaliser: every key bit reaches the low bits a table keeps
 * (MMSIs are structured, so plain multiplicative hashing leaves long probe chains).
 */
static inline uint64_t vigil__mix64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ull;
	k ^= k >> 33;
	return k;
}

#endif
