/* replay.c - plain main() that feeds every file of fuzz/corpus/<target>/ to a fuzz target. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern const char vigil_fuzz_name[];

int main(int argc, char **argv)
{
	char dir[1024], path[2048];
	struct dirent *de;
	DIR *d;
	int n = 0;

	snprintf(dir, sizeof(dir), "%s/%s", argc > 1 ? argv[1] : "fuzz/corpus", vigil_fuzz_name);
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "FAIL no corpus at %s\n", dir);
		printf("#counts 0 1\n");
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		FILE *f;
		uint8_t *buf;
		long len;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		f = fopen(path, "rb");
		if (!f)
			continue;
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		fseek(f, 0, SEEK_SET);
		buf = malloc(len > 0 ? (size_t)len : 1);
		if (buf && fread(buf, 1, (size_t)len, f) == (size_t)len) {
			LLVMFuzzerTestOneInput(buf, (size_t)len);
			n++;
		}
		free(buf);
		fclose(f);
	}
	closedir(d);
	/* Reaching here without a crash or sanitizer report is the pass. */
	printf("#counts %d 0\n", n);
	return 0;
}
