/* screen.c - 'vigil screen' (not yet written; see the open issue). */
#include <stdio.h>

#include "cmd.h"

int cmd_screen(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "%s: not yet implemented\n", cmd_progname);
	return 2;
}
