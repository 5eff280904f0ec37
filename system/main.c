/*
 * corvid-system-x86_64: the program.
 */
#include "util/osdep.h"
#include "system/vl.h"

int main(int argc, char **argv)
{
    return corvid_main(argc, argv);
}
