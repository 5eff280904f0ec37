/*
 * The qtest server (see include/system/qtest.h): the line protocol a
 * test program uses to drive the machine under the qtest accelerator.
 *
 * Requests are lines of words separated by single spaces.  Every request
 * gets exactly one reply: "OK [VALUE]", "FAIL reason" (a well-formed
 * request that could not be carried out: unknown command or device) or
 * "ERR reason" (malformed arguments).  Nothing a client sends can crash
 * the server: every argument is checked before it is used, and lines
 * and transfers have upper bounds.
 */
#include "util/osdep.h"
#include "util/base64.h"
#include "util/timer.h"
#include "chardev/char-fe.h"
#include "hw/core/qdev.h"
#include "qom/object.h"
#include "system/memory.h"
#include "system/runstate.h"
#include "system/qtest.h"

/* The chardev's id, as qemu names it ("query-chardev" shows it). */
#define QTEST_CHARDEV_ID "qtest"

/*
 * Bounds on what one request may ask for.  A longer line is answered
 * with ERR and skipped up to its newline.  The line limit leaves room
 * for a "write" of QTEST_MAX_TRANSFER bytes in hex.
 */
#define QTEST_MAX_LINE (64 * MiB)
#define QTEST_MAX_TRANSFER (16 * MiB)   /* read, write, b64read, b64write */
#define QTEST_MAX_MEMSET (1 * GiB)      /* memset needs no buffer */
#define QTEST_MEMSET_CHUNK 4096
/* Bytes accepted from the chardev per read callback. */
#define QTEST_READ_CHUNK 65536
/* An input buffer that grew past this is given back after its line. */
#define QTEST_INBUF_KEEP (1 * MiB)
/* No request has more words than this (set_irq_in has 5). */
#define QTEST_MAX_WORDS 8
/* The highest I/O port. */
#define QTEST_IO_MAX 0xffff

/* The target's byte order: x86 is little-endian. */
#define QTEST_TARGET_BIG_ENDIAN false

typedef struct QTestServer QTestServer;

/*
 * An intercepted list of input lines: each line's original receiver,
 * which still gets every level (intercepting an input only taps it).
 */
typedef struct QTestInputTap {
    QTestServer *server;
    int count;
    struct {
        qemu_irq_handler handler;
        void *opaque;
        int n;
    } orig[];
} QTestInputTap;

struct QTestServer {
    CharBackend be;
    FILE *log;              /* NULL: no log */
    bool log_owned;         /* opened by us (not stderr) */
    GTimer *timer;          /* log time stamps: since the client came */
    bool opened;            /* a client is connected */

    GString *inbuf;         /* the partial line received so far */
    bool discarding;        /* skipping the rest of an over-long line */

    DeviceState *irq_dev;   /* the intercepted device (referenced) */
    bool irq_in, irq_out;   /* which directions are intercepted */
    GArray *irq_levels;     /* of int, by line number: what was reported */
    GPtrArray *taps;        /* of QTestInputTap * */
    GPtrArray *out_irqs;    /* of qemu_irq: our receivers of outputs */
};

static QTestServer *qtest_server;

/* Guest memory and ports: the CPU's address spaces */

/*
 * Unassigned accesses behave as in qemu: memory reads as zeroes, ports
 * read as all-ones, writes go nowhere.  Buffers go through the address
 * space in one call, so RAM is copied, not walked byte by byte.
 */
void qtest_mem_read(uint64_t addr, void *buf, uint64_t len)
{
    address_space_read(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                       buf, len);
}

void qtest_mem_write(uint64_t addr, const void *buf, uint64_t len)
{
    address_space_write(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                        buf, len);
}

uint32_t qtest_io_read(uint16_t addr, unsigned size)
{
    uint64_t val;

    address_space_read_sized(&address_space_io, addr, &val, size,
                             MEMTXATTRS_UNSPECIFIED);
    return val;
}

void qtest_io_write(uint16_t addr, uint32_t val, unsigned size)
{
    address_space_write_sized(&address_space_io, addr, val, size,
                              MEMTXATTRS_UNSPECIFIED);
}

/* Logging and sending */

static void qtest_log_line(QTestServer *s, char kind, const char *text,
                           size_t len)
{
    if (!s->log) {
        return;
    }
    fprintf(s->log, "[%c +%f] ", kind, g_timer_elapsed(s->timer, NULL));
    fwrite(text, 1, len, s->log);
    fputc('\n', s->log);
    fflush(s->log);
}

/* Connection events are logged as "[I TIME] WHAT". */
static void qtest_log_event(QTestServer *s, const char *what, bool relative)
{
    if (!s->log) {
        return;
    }
    fprintf(s->log, "[I %s%f] %s\n", relative ? "+" : "",
            g_timer_elapsed(s->timer, NULL), what);
    fflush(s->log);
}

/* Send one line (@msg has no newline; it gets one, and is consumed). */
static void qtest_send(QTestServer *s, GString *msg)
{
    qtest_log_line(s, 'S', msg->str, msg->len);
    g_string_append_c(msg, '\n');
    if (s->opened && msg->len <= INT_MAX) {
        /* A client that went away is noticed by the CLOSED event. */
        chr_fe_write_all(&s->be, (const uint8_t *)msg->str, msg->len);
    }
    g_string_free(msg, true);
}

static void G_GNUC_PRINTF(2, 3) qtest_sendf(QTestServer *s,
                                            const char *fmt, ...)
{
    GString *msg = g_string_new(NULL);
    va_list ap;

    va_start(ap, fmt);
    g_string_append_vprintf(msg, fmt, ap);
    va_end(ap);
    qtest_send(s, msg);
}

/* Interrupt lines */

/* Report a level change of line @n (only changes are reported). */
static void qtest_irq_report(QTestServer *s, int n, int level)
{
    int *old;

    level = level != 0;
    if ((guint)n >= s->irq_levels->len) {
        g_array_set_size(s->irq_levels, n + 1);
    }
    old = &g_array_index(s->irq_levels, int, n);
    if (*old == level) {
        return;
    }
    *old = level;
    qtest_sendf(s, "IRQ %s %d", level ? "raise" : "lower", n);
}

static void qtest_irq_in_handler(void *opaque, int n, int level)
{
    QTestInputTap *tap = opaque;

    qtest_irq_report(tap->server, n, level);
    if (tap->orig[n].handler) {
        tap->orig[n].handler(tap->orig[n].opaque, tap->orig[n].n, level);
    }
}

static void qtest_irq_out_handler(void *opaque, int n, int level)
{
    qtest_irq_report(opaque, n, level);
}

static void qtest_intercept_in(QTestServer *s, DeviceState *dev)
{
    NamedGPIOList *ngl;
    int i;

    for (ngl = dev->gpios; ngl; ngl = ngl->next) {
        QTestInputTap *tap;

        if (!ngl->num_in) {
            continue;
        }
        tap = g_malloc0(sizeof(*tap) + ngl->num_in * sizeof(tap->orig[0]));
        tap->server = s;
        tap->count = ngl->num_in;
        for (i = 0; i < ngl->num_in; i++) {
            tap->orig[i].handler = ngl->in[i]->handler;
            tap->orig[i].opaque = ngl->in[i]->opaque;
            tap->orig[i].n = ngl->in[i]->n;
        }
        qemu_irq_intercept_in(ngl->in, qtest_irq_in_handler, tap,
                              ngl->num_in);
        g_ptr_array_add(s->taps, tap);
    }
}

static void qtest_intercept_out(QTestServer *s, DeviceState *dev)
{
    NamedGPIOList *ngl;
    int i;

    for (ngl = dev->gpios; ngl; ngl = ngl->next) {
        for (i = 0; i < ngl->num_out; i++) {
            qemu_irq irq = qemu_allocate_irq(qtest_irq_out_handler, s, i);

            /* Like qemu, the line now reaches the test instead. */
            qdev_connect_gpio_out_named(dev, ngl->name, i, irq);
            g_ptr_array_add(s->out_irqs, irq);
        }
    }
}

/* Argument parsing */

/*
 * An unsigned number as C's strtoull with base 0 reads it ("16", "0x10",
 * "020"), but the whole word, without sign or blanks, and in range.
 */
static bool parse_u64(const char *str, uint64_t *val)
{
    char *end;

    if (!g_ascii_isdigit(str[0])) {
        return false;
    }
    errno = 0;
    *val = g_ascii_strtoull(str, &end, 0);
    return errno == 0 && *end == '\0';
}

/* A signed number of type int: an optional '-', then as parse_u64. */
static bool parse_int(const char *str, int *val)
{
    bool neg = str[0] == '-';
    uint64_t mag;

    if (!parse_u64(str + neg, &mag) ||
        mag > (neg ? (uint64_t)INT_MAX + 1 : (uint64_t)INT_MAX)) {
        return false;
    }
    *val = neg ? (int)-(int64_t)mag : (int)mag;
    return true;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = g_ascii_tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The reply for an argument that is not a number. */
#define ERR_BAD_NUMBER "ERR invalid %s '%s'"

/* Commands */

typedef struct QTestCommand QTestCommand;
/* @args[0] is the command name; the count was checked. */
typedef void QTestHandler(QTestServer *s, const QTestCommand *cmd,
                          char **args);

struct QTestCommand {
    const char *name;
    int min_args, max_args;     /* words after the name */
    const char *usage;          /* the arguments, for ERR replies */
    unsigned size;              /* access width for the sized commands */
    bool clock;                 /* exists only under the qtest accelerator */
    QTestHandler *handler;
};

static bool parse_addr(QTestServer *s, const char *str, uint64_t *addr)
{
    if (!parse_u64(str, addr)) {
        qtest_sendf(s, ERR_BAD_NUMBER, "ADDR", str);
        return false;
    }
    return true;
}

/* False (after replying) if @size bytes at @addr wrap around. */
static bool check_wrap(QTestServer *s, uint64_t addr, uint64_t size)
{
    if (size && addr + (size - 1) < addr) {
        qtest_sendf(s, "ERR %" PRIu64 " bytes at 0x%" PRIx64 " wrap around "
                    "the address space", size, addr);
        return false;
    }
    return true;
}

/*
 * An address and length in guest memory; false (after replying) if a
 * number is malformed, @max is exceeded, or the range wraps around.
 */
static bool parse_mem_range(QTestServer *s, const char *addr_str,
                            const char *size_str, uint64_t max,
                            uint64_t *addr, uint64_t *size)
{
    if (!parse_addr(s, addr_str, addr)) {
        return false;
    }
    if (!parse_u64(size_str, size)) {
        qtest_sendf(s, ERR_BAD_NUMBER, "SIZE", size_str);
        return false;
    }
    if (*size > max) {
        qtest_sendf(s, "ERR SIZE %s is larger than the limit of %" PRIu64
                    " bytes", size_str, max);
        return false;
    }
    return check_wrap(s, *addr, *size);
}

/* A value for an access of @size bytes; false (after replying) if bad. */
static bool parse_value(QTestServer *s, const QTestCommand *cmd,
                        const char *str, unsigned size, uint64_t *val)
{
    if (!parse_u64(str, val)) {
        qtest_sendf(s, ERR_BAD_NUMBER, "VALUE", str);
        return false;
    }
    if (size < 8 && (*val >> (size * 8))) {
        qtest_sendf(s, "ERR VALUE %s does not fit in %u byte%s", str, size,
                    size > 1 ? "s" : "");
        return false;
    }
    return true;
}

/* A port address; false (after replying) if bad. */
static bool parse_port(QTestServer *s, const char *str, uint16_t *port)
{
    uint64_t val;

    if (!parse_u64(str, &val)) {
        qtest_sendf(s, ERR_BAD_NUMBER, "ADDR", str);
        return false;
    }
    if (val > QTEST_IO_MAX) {
        qtest_sendf(s, "ERR ADDR %s is outside the I/O space (0-0x%x)", str,
                    QTEST_IO_MAX);
        return false;
    }
    *port = val;
    return true;
}

static void cmd_out(QTestServer *s, const QTestCommand *cmd, char **args)
{
    uint16_t port;
    uint64_t val;

    if (parse_port(s, args[1], &port) &&
        parse_value(s, cmd, args[2], cmd->size, &val)) {
        qtest_io_write(port, val, cmd->size);
        qtest_sendf(s, "OK");
    }
}

static void cmd_in(QTestServer *s, const QTestCommand *cmd, char **args)
{
    uint16_t port;

    if (parse_port(s, args[1], &port)) {
        /* qemu's format: at least four digits, whatever the width. */
        qtest_sendf(s, "OK 0x%04x", qtest_io_read(port, cmd->size));
    }
}

/* Values cross the wire as numbers and sit in memory in target order. */
static void value_to_bytes(uint64_t val, uint8_t *buf, unsigned size)
{
    unsigned i;

    for (i = 0; i < size; i++) {
        unsigned shift = QTEST_TARGET_BIG_ENDIAN ? (size - 1 - i) * 8 : i * 8;

        buf[i] = val >> shift;
    }
}

static uint64_t bytes_to_value(const uint8_t *buf, unsigned size)
{
    uint64_t val = 0;
    unsigned i;

    for (i = 0; i < size; i++) {
        unsigned shift = QTEST_TARGET_BIG_ENDIAN ? (size - 1 - i) * 8 : i * 8;

        val |= (uint64_t)buf[i] << shift;
    }
    return val;
}

static void cmd_write_sized(QTestServer *s, const QTestCommand *cmd,
                            char **args)
{
    uint8_t buf[8];
    uint64_t addr, val;

    if (!parse_addr(s, args[1], &addr) ||
        !parse_value(s, cmd, args[2], cmd->size, &val) ||
        !check_wrap(s, addr, cmd->size)) {
        return;
    }
    value_to_bytes(val, buf, cmd->size);
    qtest_mem_write(addr, buf, cmd->size);
    qtest_sendf(s, "OK");
}

static void cmd_read_sized(QTestServer *s, const QTestCommand *cmd,
                           char **args)
{
    uint8_t buf[8];
    uint64_t addr;

    if (!parse_addr(s, args[1], &addr) || !check_wrap(s, addr, cmd->size)) {
        return;
    }
    qtest_mem_read(addr, buf, cmd->size);
    /* qemu's format: 16 digits whatever the width. */
    qtest_sendf(s, "OK 0x%016" PRIx64, bytes_to_value(buf, cmd->size));
}

static void cmd_read(QTestServer *s, const QTestCommand *cmd, char **args)
{
    static const char hex[] = "0123456789abcdef";
    g_autofree uint8_t *buf = NULL;
    uint64_t addr, size, i;
    GString *reply;

    if (!parse_mem_range(s, args[1], args[2], QTEST_MAX_TRANSFER,
                         &addr, &size)) {
        return;
    }
    buf = g_malloc(size ? size : 1);
    qtest_mem_read(addr, buf, size);
    reply = g_string_sized_new(2 * size + 8);
    g_string_append(reply, "OK 0x");
    for (i = 0; i < size; i++) {
        g_string_append_c(reply, hex[buf[i] >> 4]);
        g_string_append_c(reply, hex[buf[i] & 0xf]);
    }
    qtest_send(s, reply);
}

static void cmd_write(QTestServer *s, const QTestCommand *cmd, char **args)
{
    g_autofree uint8_t *buf = NULL;
    const char *data = args[3];
    uint64_t addr, size, i;
    size_t digits;

    if (!parse_mem_range(s, args[1], args[2], QTEST_MAX_TRANSFER,
                         &addr, &size)) {
        return;
    }
    /* qemu's answer for data without a single digit. */
    if (strlen(data) < 3) {
        qtest_sendf(s, "ERR invalid argument size");
        return;
    }
    if (data[0] != '0' || (data[1] != 'x' && data[1] != 'X')) {
        qtest_sendf(s, "ERR DATA must start with 0x");
        return;
    }
    data += 2;
    digits = strlen(data);
    if (digits % 2) {
        qtest_sendf(s, "ERR DATA has an odd number of hex digits");
        return;
    }
    if (digits / 2 > size) {
        qtest_sendf(s, "ERR DATA is longer than SIZE %s", args[2]);
        return;
    }
    /* Short data is zero-filled up to SIZE. */
    buf = g_malloc0(size ? size : 1);
    for (i = 0; i < digits / 2; i++) {
        int hi = hex_digit(data[2 * i]), lo = hex_digit(data[2 * i + 1]);

        if (hi < 0 || lo < 0) {
            qtest_sendf(s, "ERR DATA is not hexadecimal");
            return;
        }
        buf[i] = hi << 4 | lo;
    }
    qtest_mem_write(addr, buf, size);
    qtest_sendf(s, "OK");
}

static void cmd_b64read(QTestServer *s, const QTestCommand *cmd, char **args)
{
    g_autofree uint8_t *buf = NULL;
    g_autofree char *enc = NULL;
    uint64_t addr, size;

    if (!parse_mem_range(s, args[1], args[2], QTEST_MAX_TRANSFER,
                         &addr, &size)) {
        return;
    }
    buf = g_malloc(size ? size : 1);
    qtest_mem_read(addr, buf, size);
    enc = g_base64_encode(buf, size);
    /* With SIZE 0 this is "OK " and an empty string, as qemu sends it. */
    qtest_sendf(s, "OK %s", enc);
}

static void cmd_b64write(QTestServer *s, const QTestCommand *cmd,
                         char **args)
{
    g_autofree guchar *data = NULL;
    g_autofree uint8_t *buf = NULL;
    uint64_t addr, size;
    gsize len;
    Error *err = NULL;

    if (!parse_mem_range(s, args[1], args[2], QTEST_MAX_TRANSFER,
                         &addr, &size)) {
        return;
    }
    /* qemu's answer for data too short to hold a byte. */
    if (strlen(args[3]) < 3) {
        qtest_sendf(s, "ERR invalid argument size");
        return;
    }
    data = base64_decode_checked(args[3], &len, &err);
    if (!data) {
        qtest_sendf(s, "ERR %s", error_get_pretty(err));
        error_free(err);
        return;
    }
    /* Longer data is cut at SIZE, shorter data zero-filled. */
    buf = g_malloc0(size ? size : 1);
    memcpy(buf, data, MIN(len, size));
    qtest_mem_write(addr, buf, size);
    qtest_sendf(s, "OK");
}

static void cmd_memset(QTestServer *s, const QTestCommand *cmd, char **args)
{
    uint8_t chunk[QTEST_MEMSET_CHUNK];
    uint64_t addr, size, val;

    if (!parse_mem_range(s, args[1], args[2], QTEST_MAX_MEMSET,
                         &addr, &size) ||
        !parse_value(s, cmd, args[3], 1, &val)) {
        return;
    }
    memset(chunk, val, MIN(size, sizeof(chunk)));
    while (size) {
        uint64_t n = MIN(size, sizeof(chunk));

        qtest_mem_write(addr, chunk, n);
        addr += n;
        size -= n;
    }
    qtest_sendf(s, "OK");
}

/* A clock value: a non-negative int64. */
static bool parse_ns(QTestServer *s, const char *str, int64_t *ns)
{
    uint64_t val;

    if (!parse_u64(str, &val) || val > INT64_MAX) {
        qtest_sendf(s, ERR_BAD_NUMBER, "NS", str);
        return false;
    }
    *ns = val;
    return true;
}

static void cmd_clock_step(QTestServer *s, const QTestCommand *cmd,
                           char **args)
{
    int64_t now = clock_get_ns(CLOCK_VIRTUAL);
    int64_t step;

    if (args[1]) {
        if (!parse_ns(s, args[1], &step)) {
            return;
        }
        if (step > INT64_MAX - now) {
            qtest_sendf(s, "ERR NS %s takes the clock past its end",
                        args[1]);
            return;
        }
    } else {
        /* To the next timer; with none pending the clock stays. */
        step = clock_deadline_ns(CLOCK_VIRTUAL);
        if (step < 0) {
            step = 0;
        }
    }
    qtest_sendf(s, "OK %" PRId64, virtual_clock_advance(now + step));
}

static void cmd_clock_set(QTestServer *s, const QTestCommand *cmd,
                          char **args)
{
    int64_t target;

    if (parse_ns(s, args[1], &target)) {
        /* The clock never goes back: an earlier time leaves it. */
        qtest_sendf(s, "OK %" PRId64, virtual_clock_advance(target));
    }
}

/* The device at QOM path @path, or NULL (after replying). */
static DeviceState *find_device(QTestServer *s, const char *path)
{
    Object *obj = object_resolve_path_type(path, TYPE_DEVICE, NULL);

    if (!obj) {
        qtest_sendf(s, "FAIL Unknown device");
        return NULL;
    }
    return DEVICE(obj);
}

static void cmd_irq_intercept(QTestServer *s, const QTestCommand *cmd,
                              char **args)
{
    bool out = !strcmp(cmd->name, "irq_intercept_out");
    DeviceState *dev = find_device(s, args[1]);

    if (!dev) {
        return;
    }
    /*
     * One device at a time, as in qemu; asking again for the same one
     * (either direction) is fine.
     */
    if (s->irq_dev && s->irq_dev != dev) {
        qtest_sendf(s, "FAIL IRQ intercept already enabled");
        return;
    }
    if (!s->irq_dev) {
        /* Held so that the lines outlive an unplug of the device. */
        s->irq_dev = DEVICE(object_ref(OBJECT(dev)));
    }
    if (out && !s->irq_out) {
        qtest_intercept_out(s, dev);
        s->irq_out = true;
    } else if (!out && !s->irq_in) {
        qtest_intercept_in(s, dev);
        s->irq_in = true;
    }
    qtest_sendf(s, "OK");
}

static void cmd_set_irq_in(QTestServer *s, const QTestCommand *cmd,
                           char **args)
{
    const char *name = args[2];
    NamedGPIOList *ngl;
    DeviceState *dev;
    int num, level;

    if (!parse_int(args[3], &num) || num < 0) {
        qtest_sendf(s, ERR_BAD_NUMBER, "NUM", args[3]);
        return;
    }
    if (!parse_int(args[4], &level)) {
        qtest_sendf(s, ERR_BAD_NUMBER, "LEVEL", args[4]);
        return;
    }
    dev = find_device(s, args[1]);
    if (!dev) {
        return;
    }
    ngl = qdev_get_named_gpio_list(dev, strcmp(name, "unnamed-gpio-in") ?
                                   name : NULL);
    if (!ngl || !ngl->num_in) {
        qtest_sendf(s, "FAIL Unknown GPIO input '%s'", name);
        return;
    }
    if (num >= ngl->num_in) {
        qtest_sendf(s, "FAIL GPIO input '%s' has %d line%s", name,
                    ngl->num_in, ngl->num_in > 1 ? "s" : "");
        return;
    }
    qemu_set_irq(ngl->in[num], level);
    qtest_sendf(s, "OK");
}

static void cmd_endianness(QTestServer *s, const QTestCommand *cmd,
                           char **args)
{
    qtest_sendf(s, "OK %s", QTEST_TARGET_BIG_ENDIAN ? "big" : "little");
}

static const QTestCommand qtest_commands[] = {
    { "outb", 2, 2, "ADDR VALUE", 1, false, cmd_out },
    { "outw", 2, 2, "ADDR VALUE", 2, false, cmd_out },
    { "outl", 2, 2, "ADDR VALUE", 4, false, cmd_out },
    { "inb", 1, 1, "ADDR", 1, false, cmd_in },
    { "inw", 1, 1, "ADDR", 2, false, cmd_in },
    { "inl", 1, 1, "ADDR", 4, false, cmd_in },
    { "writeb", 2, 2, "ADDR VALUE", 1, false, cmd_write_sized },
    { "writew", 2, 2, "ADDR VALUE", 2, false, cmd_write_sized },
    { "writel", 2, 2, "ADDR VALUE", 4, false, cmd_write_sized },
    { "writeq", 2, 2, "ADDR VALUE", 8, false, cmd_write_sized },
    { "readb", 1, 1, "ADDR", 1, false, cmd_read_sized },
    { "readw", 1, 1, "ADDR", 2, false, cmd_read_sized },
    { "readl", 1, 1, "ADDR", 4, false, cmd_read_sized },
    { "readq", 1, 1, "ADDR", 8, false, cmd_read_sized },
    { "read", 2, 2, "ADDR SIZE", 0, false, cmd_read },
    { "write", 3, 3, "ADDR SIZE 0xDATA", 0, false, cmd_write },
    { "b64read", 2, 2, "ADDR SIZE", 0, false, cmd_b64read },
    { "b64write", 3, 3, "ADDR SIZE BASE64", 0, false, cmd_b64write },
    { "memset", 3, 3, "ADDR SIZE VALUE", 0, false, cmd_memset },
    { "clock_step", 0, 1, "[NS]", 0, true, cmd_clock_step },
    { "clock_set", 1, 1, "NS", 0, true, cmd_clock_set },
    { "irq_intercept_in", 1, 1, "QOM-PATH", 0, false, cmd_irq_intercept },
    { "irq_intercept_out", 1, 1, "QOM-PATH", 0, false, cmd_irq_intercept },
    { "set_irq_in", 4, 4, "QOM-PATH NAME NUM LEVEL", 0, false,
      cmd_set_irq_in },
    { "endianness", 0, 0, "", 0, false, cmd_endianness },
};

static const QTestCommand *find_command(const char *name)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(qtest_commands); i++) {
        const QTestCommand *cmd = &qtest_commands[i];

        if (!strcmp(cmd->name, name)) {
            /* Without the qtest accelerator nobody owns the clock. */
            return cmd->clock && !qtest_enabled() ? NULL : cmd;
        }
    }
    return NULL;
}

/* One request line, without its newline. */
static void qtest_process_line(QTestServer *s, char *line, size_t len)
{
    g_auto(GStrv) words = NULL;
    const QTestCommand *cmd;
    int nargs;

    /* Tolerate CRLF line ends. */
    if (len && line[len - 1] == '\r') {
        line[--len] = '\0';
    }
    qtest_log_line(s, 'R', line, len);
    if (memchr(line, '\0', len)) {
        qtest_sendf(s, "ERR request contains a NUL byte");
        return;
    }
    /* Words are separated by single spaces; empty words count. */
    words = g_strsplit(line, " ", QTEST_MAX_WORDS + 1);
    nargs = g_strv_length(words) - 1;
    if (nargs < 0) {
        /* An empty line: an empty command. */
        qtest_sendf(s, "FAIL Unknown command ''");
        return;
    }
    cmd = find_command(words[0]);
    if (!cmd) {
        qtest_sendf(s, "FAIL Unknown command '%s'", words[0]);
        return;
    }
    if (nargs < cmd->min_args || nargs > cmd->max_args) {
        qtest_sendf(s, "ERR wrong number of arguments, usage: %s%s%s",
                    cmd->name, *cmd->usage ? " " : "", cmd->usage);
        return;
    }
    cmd->handler(s, cmd, words);
}

/* The chardev front end */

static int qtest_can_read(void *opaque)
{
    return QTEST_READ_CHUNK;
}

static void qtest_read(void *opaque, const uint8_t *buf, int size)
{
    QTestServer *s = opaque;
    const char *p = (const char *)buf;
    const char *end = p + size;

    while (p < end) {
        const char *nl = memchr(p, '\n', end - p);
        size_t chunk = (nl ? nl : end) - p;

        if (s->discarding) {
            s->discarding = !nl;
        } else if (s->inbuf->len + chunk > QTEST_MAX_LINE) {
            /* Answer now; the rest of the line goes unread. */
            qtest_sendf(s, "ERR line longer than %llu bytes",
                        (unsigned long long)QTEST_MAX_LINE);
            g_string_truncate(s->inbuf, 0);
            s->discarding = !nl;
        } else {
            g_string_append_len(s->inbuf, p, chunk);
            if (nl) {
                qtest_process_line(s, s->inbuf->str, s->inbuf->len);
                if (s->inbuf->allocated_len > QTEST_INBUF_KEEP) {
                    g_string_free(s->inbuf, true);
                    s->inbuf = g_string_new(NULL);
                } else {
                    g_string_truncate(s->inbuf, 0);
                }
            }
        }
        p += chunk + (nl ? 1 : 0);
    }
}

static void qtest_event(void *opaque, ChrEvent event)
{
    QTestServer *s = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        /* A new client starts with a clean slate. */
        g_string_truncate(s->inbuf, 0);
        s->discarding = false;
        g_array_set_size(s->irq_levels, 0);
        s->opened = true;
        g_timer_start(s->timer);
        qtest_log_event(s, "OPENED", false);
        break;
    case CHR_EVENT_CLOSED:
        if (!s->opened) {
            break;
        }
        s->opened = false;
        qtest_log_event(s, "CLOSED", true);
        /*
         * The test program is done with us.  (qemu 7.2 keeps running
         * until it is signalled; exiting here means an abandoned
         * emulator does not outlive its test.)
         */
        qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_UI);
        break;
    default:
        break;
    }
}

static bool qtest_open_log(QTestServer *s, const char *logfile,
                           Error **errp)
{
    if (!logfile) {
        s->log = stderr;
        return true;
    }
    if (!strcmp(logfile, "none")) {
        return true;
    }
    s->log = fopen(logfile, "w");
    if (!s->log) {
        error_setg_errno(errp, errno, "Could not open qtest log file '%s'",
                         logfile);
        return false;
    }
    s->log_owned = true;
    return true;
}

static void qtest_server_free(QTestServer *s)
{
    if (s->log_owned) {
        fclose(s->log);
    }
    g_timer_destroy(s->timer);
    g_string_free(s->inbuf, true);
    g_array_free(s->irq_levels, true);
    g_ptr_array_free(s->taps, true);
    g_ptr_array_free(s->out_irqs, true);
    g_free(s);
}

bool qtest_server_init(const char *chardev_spec, const char *logfile,
                       Error **errp)
{
    QTestServer *s;
    Chardev *chr;

    if (qtest_server) {
        error_setg(errp, "The qtest server is already running");
        return false;
    }
    s = g_new0(QTestServer, 1);
    s->timer = g_timer_new();
    s->inbuf = g_string_new(NULL);
    s->irq_levels = g_array_new(false, true, sizeof(int));
    s->taps = g_ptr_array_new_with_free_func(g_free);
    s->out_irqs = g_ptr_array_new();

    if (!qtest_open_log(s, logfile, errp)) {
        qtest_server_free(s);
        return false;
    }
    chr = chardev_new_from_shorthand(chardev_spec, QTEST_CHARDEV_ID, errp);
    if (!chr) {
        error_prepend(errp, "Failed to initialize device for qtest: "
                      "\"%s\": ", chardev_spec);
        qtest_server_free(s);
        return false;
    }
    if (!chr_fe_init(&s->be, chr, errp)) {
        qtest_server_free(s);
        return false;
    }
    qtest_server = s;
    /* A client already connected announces itself (OPENED) from here. */
    chr_fe_set_handlers(&s->be, qtest_can_read, qtest_read, qtest_event,
                        NULL, s, NULL, true);
    return true;
}

bool qtest_server_running(void)
{
    return qtest_server != NULL;
}
