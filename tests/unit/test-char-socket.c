/*
 * Unit tests for the socket chardev: unix and TCP servers and clients,
 * wait=on, reconnect=, descriptor passing both ways (and peers that send
 * too many or garbage), flow control, peers that vanish or stop reading,
 * and the filenames query-chardev shows.  Raw sockets play the peer.
 */
#include "util/osdep.h"
#include "util/keyval.h"
#include "util/error-report.h"
#include "char-test-helpers.h"

#include <dirent.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>

static char *filename_of(const char *id)
{
    return chardev_get_filename(chardev_find(id));
}

static int count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int n = 0;

    g_assert_nonnull(d);
    while ((e = readdir(d))) {
        n += e->d_name[0] != '.';
    }
    closedir(d);
    return n;
}

/* ---------------------------------------------------------------------- */
/* Raw peers */

static int unix_connect(const char *path)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
    g_assert_cmpint(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), ==, 0);
    return fd;
}

static int unix_listen(const char *path)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
    unlink(path);
    g_assert_cmpint(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), ==, 0);
    g_assert_cmpint(listen(fd, 4), ==, 0);
    return fd;
}

static int tcp_listen(int *port)
{
    struct sockaddr_in sin = { .sin_family = AF_INET };
    socklen_t len = sizeof(sin);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    g_assert_cmpint(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), ==, 0);
    g_assert_cmpint(listen(fd, 4), ==, 0);
    getsockname(fd, (struct sockaddr *)&sin, &len);
    *port = ntohs(sin.sin_port);
    return fd;
}

static int tcp_connect(int port)
{
    struct sockaddr_in sin = { .sin_family = AF_INET };
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sin.sin_port = htons(port);
    g_assert_cmpint(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), ==, 0);
    return fd;
}

/* The port of "disconnected:tcp:HOST:PORT,server=on". */
static int server_port(const char *id)
{
    g_autofree char *name = filename_of(id);
    char *comma = strrchr(name, ',');
    char *colon;

    g_assert_nonnull(comma);
    *comma = 0;
    colon = strrchr(name, ':');
    return atoi(colon + 1);
}

static void send_with_fds(int sock, const char *data, const int *fds, int n)
{
    char control[CMSG_SPACE(sizeof(int) * 64)] = { 0 };
    struct iovec iov = { .iov_base = (void *)data, .iov_len = strlen(data) };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
    struct cmsghdr *cmsg;

    g_assert_cmpint(n, <=, 64);
    msg.msg_control = control;
    msg.msg_controllen = CMSG_SPACE(sizeof(int) * n);
    cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int) * n);
    memcpy(CMSG_DATA(cmsg), fds, sizeof(int) * n);
    g_assert_cmpint(sendmsg(sock, &msg, 0), ==, strlen(data));
}

static void read_exact(int fd, void *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        ssize_t n = read(fd, (char *)buf + done, len - done);

        g_assert_cmpint(n, >, 0);
        done += n;
    }
}

/* What the peer reads must be exactly @s. */
static void peer_expect(int fd, const char *s)
{
    char buf[64];

    g_assert_cmpint(strlen(s), <=, sizeof(buf));
    read_exact(fd, buf, strlen(s));
    g_assert_cmpmem(buf, strlen(s), s, strlen(s));
}

/* ---------------------------------------------------------------------- */
/* Servers */

static void test_unix_server(void)
{
    g_autofree char *path = tmp_path("srv.sock");
    g_autofree char *name = NULL, *expect = NULL;
    int c1, c2;
    FE f;

    chr_new("socket,id=us,path=%s,server=on,wait=off", path);
    name = filename_of("us");
    expect = g_strdup_printf("disconnected:unix:%s,server=on", path);
    g_assert_cmpstr(name, ==, expect);
    fe_attach(&f, chardev_find("us"));
    g_assert_false(chr_fe_backend_open(&f.be));
    /* Nobody there: writes fail rather than vanish. */
    g_assert_cmpint(chr_fe_write(&f.be, (const uint8_t *)"x", 1), ==, -1);

    c1 = unix_connect(path);
    WAIT_FOR(f.opened == 1);
    g_free(name);
    g_free(expect);
    name = filename_of("us");
    expect = g_strdup_printf("unix:%s,server=on", path);
    g_assert_cmpstr(name, ==, expect);
    g_assert_cmpint(write(c1, "ping", 4), ==, 4);
    WAIT_FOR(fe_got(&f, "ping"));
    fe_write(&f, "pong");
    peer_expect(c1, "pong");

    /* One client at a time: the second waits until the first leaves. */
    c2 = unix_connect(path);
    g_assert_cmpint(write(c2, "two", 3), ==, 3);
    spin();
    g_assert_cmpint(f.opened, ==, 1);
    close(c1);
    WAIT_FOR(f.opened == 2);
    g_assert_cmpint(f.closed, ==, 1);
    WAIT_FOR(fe_got(&f, "pingtwo"));

    /* The front end may drop the peer. */
    chr_fe_disconnect(&f.be);
    g_assert_cmpint(f.closed, ==, 2);
    {
        char c;

        g_assert_cmpint(read(c2, &c, 1), ==, 0);
    }
    close(c2);
    g_free(name);
    name = filename_of("us");
    g_assert_true(g_str_has_prefix(name, "disconnected:"));
    fe_detach(&f);
    chr_del("us");
    /* The socket file goes with the chardev. */
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
}

static void test_tcp_server(void)
{
    g_autofree char *name = NULL, *expect = NULL;
    struct sockaddr_in sin;
    socklen_t len = sizeof(sin);
    int port, c, busy, busy_port;
    Error *err = NULL;
    g_autofree char *opts = NULL;
    g_autoptr(QDict) dict = NULL;
    FE f;

    chr_new("socket,id=ts,host=127.0.0.1,port=0,server=on,wait=off,"
            "nodelay=on");
    port = server_port("ts");
    g_assert_cmpint(port, >, 0);
    fe_attach(&f, chardev_find("ts"));
    c = tcp_connect(port);
    WAIT_FOR(f.opened == 1);
    getsockname(c, (struct sockaddr *)&sin, &len);
    name = filename_of("ts");
    expect = g_strdup_printf("tcp:127.0.0.1:%d,server=on <-> 127.0.0.1:%d",
                             port, ntohs(sin.sin_port));
    g_assert_cmpstr(name, ==, expect);
    g_assert_cmpint(write(c, "hello", 5), ==, 5);
    WAIT_FOR(fe_got(&f, "hello"));
    fe_write(&f, "world");
    peer_expect(c, "world");
    /* No descriptors over TCP. */
    g_assert_cmpint(chr_fe_set_msgfds(&f.be, &c, 1), ==, -1);
    g_assert_cmpint(chr_fe_get_msgfd(&f.be), ==, -1);
    close(c);
    WAIT_FOR(f.closed == 1);
    fe_detach(&f);
    chr_del("ts");

    /* A port that is taken. */
    busy = tcp_listen(&busy_port);
    opts = g_strdup_printf("socket,id=x,host=127.0.0.1,port=%d,server=on,"
                           "wait=off", busy_port);
    dict = keyval_parse(opts, "backend", NULL, 0, &error_abort);
    g_assert_null(chardev_new_from_opts(dict, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Failed to find an available "
                    "port: Address already in use");
    error_free(err);

    /* to= lets it look further. */
    chr_new("socket,id=tt,host=127.0.0.1,port=%d,to=%d,server=on,wait=off",
            busy_port, busy_port + 20);
    port = server_port("tt");
    g_assert_cmpint(port, >, busy_port);
    g_assert_cmpint(port, <=, busy_port + 20);
    chr_del("tt");
    close(busy);
}

static gpointer connect_later(gpointer path)
{
    g_usleep(100 * 1000);
    return GINT_TO_POINTER(unix_connect(path));
}

static void test_server_wait(void)
{
    g_autofree char *path = tmp_path("wait.sock");
    g_autofree char *expect = NULL;
    g_autoptr(GString) log = g_string_new("");
    GThread *t = g_thread_new("client", connect_later, path);
    Chardev *chr;
    int c;
    FE f;

    /* server=on waits for its first client by default, as qemu. */
    error_report_capture(log);
    chr = chr_new("socket,id=ws,path=%s,server=on", path);
    error_report_capture(NULL);
    expect = g_strdup_printf("info: QEMU waiting for connection on: "
                             "disconnected:unix:%s,server=on\n", path);
    g_assert_true(g_str_has_suffix(log->str, expect));
    g_assert_true(chr->be_open);
    c = GPOINTER_TO_INT(g_thread_join(t));

    /* A front end arriving later still hears about the peer. */
    fe_attach(&f, chr);
    g_assert_cmpint(f.opened, ==, 1);
    g_assert_cmpint(chr_fe_wait_connected(&f.be, &error_abort), ==, 0);
    g_assert_cmpint(write(c, "x", 1), ==, 1);
    WAIT_FOR(fe_got(&f, "x"));
    close(c);
    WAIT_FOR(f.closed == 1);

    /* chr_fe_wait_connected blocks for the next one. */
    t = g_thread_new("client", connect_later, path);
    g_string_truncate(log, 0);
    error_report_capture(log);
    g_assert_cmpint(chr_fe_wait_connected(&f.be, &error_abort), ==, 0);
    error_report_capture(NULL);
    g_assert_true(g_str_has_suffix(log->str, expect));
    g_assert_cmpint(f.opened, ==, 2);
    c = GPOINTER_TO_INT(g_thread_join(t));
    close(c);
    WAIT_FOR(f.closed == 2);
    fe_detach(&f);
    chr_del("ws");
}

/* With no front end, a client that leaves is still noticed. */
static void test_server_no_frontend(void)
{
    g_autofree char *path = tmp_path("nofe.sock");
    g_autofree char *name = NULL;
    int c;

    chr_new("socket,id=nf,path=%s,server=on,wait=off", path);
    c = unix_connect(path);
    WAIT_FOR(chardev_find("nf")->be_open);
    g_assert_cmpint(write(c, "ignored", 7), ==, 7);
    close(c);
    WAIT_FOR(!chardev_find("nf")->be_open);
    c = unix_connect(path);
    WAIT_FOR(chardev_find("nf")->be_open);
    name = filename_of("nf");
    g_assert_true(g_str_has_prefix(name, "unix:"));
    close(c);
    chr_del("nf");
}

/* ---------------------------------------------------------------------- */
/* Clients */

static void test_clients(void)
{
    g_autofree char *path = tmp_path("cli.sock");
    g_autofree char *name = NULL, *expect = NULL;
    struct sockaddr_in sin;
    socklen_t len = sizeof(sin);
    int lfd, c, port;
    FE f;

    lfd = unix_listen(path);
    fe_attach(&f, chr_new("socket,id=uc,path=%s", path));
    g_assert_cmpint(f.opened, ==, 1);
    c = accept(lfd, NULL, NULL);
    name = filename_of("uc");
    g_assert_cmpstr(name, ==, "unix:");
    fe_write(&f, "from client");
    peer_expect(c, "from client");
    g_assert_cmpint(write(c, "from server", 11), ==, 11);
    WAIT_FOR(fe_got(&f, "from server"));
    close(c);
    WAIT_FOR(f.closed == 1);
    /* No reconnect=: it stays down. */
    spin();
    g_assert_cmpint(f.opened, ==, 1);
    g_free(name);
    name = filename_of("uc");
    expect = g_strdup_printf("disconnected:unix:%s", path);
    g_assert_cmpstr(name, ==, expect);
    g_assert_cmpint(chr_fe_write(&f.be, (const uint8_t *)"x", 1), ==, -1);
    fe_detach(&f);
    chr_del("uc");
    close(lfd);
    unlink(path);

    lfd = tcp_listen(&port);
    fe_attach(&f, chr_new("socket,id=tc,host=localhost,port=%d,ipv4=on",
                          port));
    c = accept(lfd, (struct sockaddr *)&sin, &len);
    g_free(name);
    g_free(expect);
    name = filename_of("tc");
    expect = g_strdup_printf("tcp:127.0.0.1:%d <-> 127.0.0.1:%d",
                             ntohs(sin.sin_port), port);
    g_assert_cmpstr(name, ==, expect);
    close(c);
    WAIT_FOR(f.closed == 1);
    g_free(name);
    g_free(expect);
    name = filename_of("tc");
    expect = g_strdup_printf("disconnected:tcp:localhost:%d", port);
    g_assert_cmpstr(name, ==, expect);
    fe_detach(&f);
    chr_del("tc");
    close(lfd);
}

/* Linux abstract names: no socket file at all. */
static void test_abstract(void)
{
    g_autofree char *name = g_strdup_printf("corvid-test-%d", getpid());
    g_autofree char *fname = NULL, *expect = NULL;
    FE srv, cli;

    fe_attach(&srv, chr_new("socket,id=as,path=%s,server=on,wait=off,"
                            "abstract=on", name));
    fe_attach(&cli, chr_new("socket,id=ac,path=%s,abstract=on", name));
    WAIT_FOR(srv.opened == 1);
    g_assert_cmpint(cli.opened, ==, 1);
    fname = filename_of("as");
    expect = g_strdup_printf("unix:%s,server=on", name);
    g_assert_cmpstr(fname, ==, expect);
    fe_write(&cli, "abs");
    WAIT_FOR(fe_got(&srv, "abs"));
    fe_detach(&cli);
    chr_del("ac");
    WAIT_FOR(srv.closed == 1);
    fe_detach(&srv);
    chr_del("as");
}

static void test_reconnect(void)
{
    g_autofree char *path = tmp_path("rc.sock");
    g_autofree char *expect = NULL, *name = NULL;
    g_autoptr(GString) log = g_string_new("");
    Error *err = NULL;
    int lfd, c;
    FE f;

    /* The server is not there yet: no error, one report, retries. */
    unlink(path);
    error_report_capture(log);
    fe_attach(&f, chr_new("socket,id=rc,path=%s,reconnect=1", path));
    expect = g_strdup_printf("Unable to connect character device rc: Failed "
                             "to connect to '%s': No such file or directory",
                             path);
    g_assert_nonnull(strstr(log->str, expect));
    name = filename_of("rc");
    g_free(expect);
    expect = g_strdup_printf("disconnected:unix:%s", path);
    g_assert_cmpstr(name, ==, expect);
    g_assert_cmpint(chr_fe_wait_connected(&f.be, &err), ==, -1);
    g_assert_nonnull(err);
    error_free(err);

    lfd = unix_listen(path);
    WAIT_FOR(f.opened == 1);
    c = accept(lfd, NULL, NULL);
    fe_write(&f, "one");
    peer_expect(c, "one");

    /* The server drops it: it comes back after reconnect= seconds. */
    close(c);
    WAIT_FOR(f.closed == 1);
    WAIT_FOR(f.opened == 2);
    c = accept(lfd, NULL, NULL);
    fe_write(&f, "two");
    peer_expect(c, "two");
    error_report_capture(NULL);
    /* Reported once, not on every retry. */
    g_assert_true(strstr(log->str, "Unable") ==
                  g_strrstr(log->str, "Unable"));
    close(c);
    close(lfd);
    unlink(path);
    fe_detach(&f);
    chr_del("rc");
}

/* ---------------------------------------------------------------------- */
/* Descriptor passing */

/* A unix server chardev with a front end and a connected raw client. */
static int fd_setup(FE *f, const char *id, const char *path)
{
    int c;

    fe_attach(f, chr_new("socket,id=%s,path=%s,server=on,wait=off", id,
                         path));
    c = unix_connect(path);
    WAIT_FOR(f->opened == 1);
    return c;
}

static void test_fd_passing(void)
{
    g_autofree char *path = tmp_path("fds.sock");
    char control[CMSG_SPACE(sizeof(int))];
    struct iovec iov;
    struct msghdr msg = { 0 };
    struct cmsghdr *cmsg;
    int pipe1[2], pipe2[2], fds[4], got, c, i;
    char buf[8];
    FE f;

    c = fd_setup(&f, "fd", path);
    g_assert_cmpint(pipe(pipe1), ==, 0);
    g_assert_cmpint(pipe(pipe2), ==, 0);
    g_assert_cmpint(chr_fe_get_msgfd(&f.be), ==, -1);

    /* Peer to front end: two descriptors with the data. */
    fds[0] = pipe1[0];
    fds[1] = pipe2[0];
    send_with_fds(c, "m", fds, 2);
    WAIT_FOR(fe_got(&f, "m"));
    g_assert_cmpint(chr_fe_get_msgfds(&f.be, fds, 4), ==, 2);
    g_assert_cmpint(chr_fe_get_msgfds(&f.be, fds + 2, 2), ==, 0);
    g_assert_cmpint(write(pipe1[1], "A", 1), ==, 1);
    g_assert_cmpint(write(pipe2[1], "B", 1), ==, 1);
    g_assert_cmpint(read(fds[0], buf, 1), ==, 1);
    g_assert_cmpint(buf[0], ==, 'A');
    g_assert_cmpint(read(fds[1], buf, 1), ==, 1);
    g_assert_cmpint(buf[0], ==, 'B');
    close(fds[0]);
    close(fds[1]);

    /* Front end to peer: one descriptor with the next write. */
    g_assert_cmpint(chr_fe_set_msgfds(&f.be, &pipe1[1], 1), ==, 0);
    fe_write(&f, "n");
    iov.iov_base = buf;
    iov.iov_len = 1;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    g_assert_cmpint(recvmsg(c, &msg, 0), ==, 1);
    cmsg = CMSG_FIRSTHDR(&msg);
    g_assert_nonnull(cmsg);
    g_assert_cmpint(cmsg->cmsg_type, ==, SCM_RIGHTS);
    memcpy(&got, CMSG_DATA(cmsg), sizeof(int));
    g_assert_cmpint(write(got, "C", 1), ==, 1);
    g_assert_cmpint(read(pipe1[0], buf, 1), ==, 1);
    g_assert_cmpint(buf[0], ==, 'C');
    close(got);
    /* Only with the next write, not the one after. */
    fe_write(&f, "o");
    msg.msg_controllen = sizeof(control);
    g_assert_cmpint(recvmsg(c, &msg, 0), ==, 1);
    g_assert_null(CMSG_FIRSTHDR(&msg));

    /* Bounds. */
    g_assert_cmpint(chr_fe_set_msgfds(&f.be, fds, CHARDEV_MAX_MSGFDS + 1),
                    ==, -1);
    g_assert_cmpint(chr_fe_set_msgfds(&f.be, fds, -1), ==, -1);
    g_assert_cmpint(chr_fe_get_msgfds(&f.be, fds, -1), ==, -1);

    for (i = 0; i < 2; i++) {
        close(pipe1[i]);
        close(pipe2[i]);
    }
    close(c);
    WAIT_FOR(f.closed == 1);
    fe_detach(&f);
    chr_del("fd");
}

static void test_fd_abuse(void)
{
    g_autofree char *path = tmp_path("abuse.sock");
    g_autoptr(GString) log = g_string_new("");
    int many[40], got[40], devnull, baseline, c, i, n;
    char control[CMSG_SPACE(sizeof(struct ucred))] = { 0 };
    struct ucred cred = { getpid(), getuid(), getgid() };
    struct iovec iov = { .iov_base = (void *)"c", .iov_len = 1 };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
    struct cmsghdr *cmsg;
    FE f;

    devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    baseline = count_fds();
    c = fd_setup(&f, "ab", path);

    /* Too many in one message: the front end gets the most allowed, the
     * rest are closed, and it is said once. */
    for (i = 0; i < 40; i++) {
        many[i] = devnull;
    }
    error_report_capture(log);
    send_with_fds(c, "a", many, 40);
    WAIT_FOR(fe_got(&f, "a"));
    error_report_capture(NULL);
    g_assert_nonnull(strstr(log->str, "more than 16 file descriptors"));
    n = chr_fe_get_msgfds(&f.be, got, 40);
    g_assert_cmpint(n, ==, CHARDEV_MAX_MSGFDS);
    for (i = 0; i < n; i++) {
        close(got[i]);
    }

    /* Unclaimed descriptors are closed when newer ones come. */
    send_with_fds(c, "b", many, 3);
    WAIT_FOR(fe_got(&f, "ab"));
    send_with_fds(c, "c", many, 2);
    WAIT_FOR(fe_got(&f, "abc"));
    g_assert_cmpint(chr_fe_get_msgfds(&f.be, got, 40), ==, 2);
    close(got[0]);
    close(got[1]);

    /* Ancillary data that is not descriptors is ignored. */
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_CREDENTIALS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(cred));
    memcpy(CMSG_DATA(cmsg), &cred, sizeof(cred));
    g_assert_cmpint(sendmsg(c, &msg, 0), ==, 1);
    WAIT_FOR(fe_got(&f, "abcc"));
    g_assert_cmpint(chr_fe_get_msgfd(&f.be), ==, -1);

    /* Left unclaimed, then the peer goes: nothing leaks. */
    send_with_fds(c, "d", many, 5);
    WAIT_FOR(fe_got(&f, "abccd"));
    close(c);
    WAIT_FOR(f.closed == 1);
    fe_detach(&f);
    chr_del("ab");
    g_assert_cmpint(count_fds(), ==, baseline);
    close(devnull);
}

/* ---------------------------------------------------------------------- */
/* Flow control and difficult peers */

static void test_flow_control(void)
{
    g_autofree char *path = tmp_path("flow.sock");
    int c;
    FE f;

    c = fd_setup(&f, "fc", path);
    f.budget = 0;
    g_assert_cmpint(write(c, "abcdef", 6), ==, 6);
    spin();
    g_assert_cmpint(f.got->len, ==, 0);
    f.budget = 3;
    chr_fe_accept_input(&f.be);
    WAIT_FOR(f.got->len == 3);
    spin();
    g_assert_true(fe_got(&f, "abc"));

    /* The peer leaves while the front end is not reading: its last data
     * is delivered before the news that it left. */
    g_assert_cmpint(write(c, "gh", 2), ==, 2);
    close(c);
    spin();
    g_assert_cmpint(f.closed, ==, 0);
    f.budget = -1;
    chr_fe_accept_input(&f.be);
    WAIT_FOR(f.closed == 1);
    g_assert_true(fe_got(&f, "abcdefgh"));
    fe_detach(&f);
    chr_del("fc");
}

static void test_peer_gone(void)
{
    g_autofree char *path = tmp_path("gone.sock");
    static uint8_t big[65536];
    int c, i, ret = 0;
    FE f;

    c = fd_setup(&f, "pg", path);
    /* Closed without reading: writing must fail, not raise SIGPIPE. */
    close(c);
    for (i = 0; i < 100 && ret >= 0; i++) {
        ret = chr_fe_write(&f.be, big, sizeof(big));
    }
    g_assert_cmpint(ret, ==, -1);
    g_assert_cmpint(chr_fe_write_all(&f.be, big, sizeof(big)), ==, -1);
    WAIT_FOR(f.closed == 1);
    fe_detach(&f);
    chr_del("pg");
}

typedef struct Drain {
    int fd;
    size_t want;
    size_t got;
} Drain;

static gpointer drain_fn(gpointer opaque)
{
    Drain *d = opaque;
    char buf[4096];

    g_usleep(50 * 1000);
    while (d->got < d->want) {
        ssize_t n = read(d->fd, buf, sizeof(buf));

        if (n <= 0) {
            break;
        }
        d->got += n;
    }
    return NULL;
}

static void test_eagain(void)
{
    g_autofree char *path = tmp_path("slow.sock");
    size_t big_len = 4 * MiB;
    g_autofree uint8_t *big = g_malloc0(big_len);
    size_t queued = 0;
    int c, ret;
    Drain d;
    GThread *t;
    FE f;

    c = fd_setup(&f, "sl", path);
    /* The peer does not read: writes stop with EAGAIN. */
    for (;;) {
        ret = chr_fe_write(&f.be, big, 65536);
        if (ret < 0) {
            break;
        }
        queued += ret;
        g_assert_cmpint(queued, <, big_len);
    }
    g_assert_cmpint(errno, ==, EAGAIN);

    /* chr_fe_write_all waits for room while the peer reads slowly. */
    d.fd = c;
    d.want = queued + big_len;
    d.got = 0;
    t = g_thread_new("drain", drain_fn, &d);
    g_assert_cmpint(chr_fe_write_all(&f.be, big, big_len), ==, big_len);
    g_thread_join(t);
    g_assert_cmpint(d.got, ==, d.want);
    close(c);
    WAIT_FOR(f.closed == 1);
    fe_detach(&f);
    chr_del("sl");
}

int main(int argc, char **argv)
{
    int ret;

    char_test_init(&argc, &argv, "test-chs-XXXXXX");

    g_test_add_func("/char/socket/unix-server", test_unix_server);
    g_test_add_func("/char/socket/tcp-server", test_tcp_server);
    g_test_add_func("/char/socket/server-wait", test_server_wait);
    g_test_add_func("/char/socket/server-no-frontend",
                    test_server_no_frontend);
    g_test_add_func("/char/socket/clients", test_clients);
    g_test_add_func("/char/socket/abstract", test_abstract);
    g_test_add_func("/char/socket/reconnect", test_reconnect);
    g_test_add_func("/char/socket/fd-passing", test_fd_passing);
    g_test_add_func("/char/socket/fd-abuse", test_fd_abuse);
    g_test_add_func("/char/socket/flow-control", test_flow_control);
    g_test_add_func("/char/socket/peer-gone", test_peer_gone);
    g_test_add_func("/char/socket/eagain", test_eagain);
    ret = g_test_run();

    /* Every test removed what it made. */
    char_test_cleanup(false);
    return ret;
}
