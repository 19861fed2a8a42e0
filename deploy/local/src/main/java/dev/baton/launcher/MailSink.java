package dev.baton.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local SMTP server that accepts every message and keeps it as an {@code .eml} file under the run directory, so
 * the email deployable has somewhere real to send to on a developer's machine (and the system tests can read what
 * was sent) without installing a mail server. It speaks the plain subset of SMTP the Quarkus mailer uses without
 * credentials or TLS: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT. It listens on loopback only.
 */
public final class MailSink implements AutoCloseable {

    /** One received message: envelope recipients and the raw message text (headers and body). */
    public record Mail(List<String> recipients, String raw, Path file) {
    }

    private final ServerSocket server;
    private final Path dir;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Mail> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();

    private MailSink(ServerSocket server, Path dir) {
        this.server = server;
        this.dir = dir;
    }

    /** Starts a sink on a free loopback port, storing messages in {@code dir}. */
    public static MailSink start(Path dir) throws IOException {
        Files.createDirectories(dir);
        var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        var sink = new MailSink(server, dir);
        Thread.ofVirtual().name("baton-mail-sink").start(sink::acceptLoop);
        return sink;
    }

    public int port() {
        return server.getLocalPort();
    }

    public Path directory() {
        return dir;
    }

    /** Everything received so far, in arrival order. */
    public List<Mail> received() {
        return List.copyOf(received);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                workers.submit(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket;
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = socket.getOutputStream()) {
            reply(out, "220 baton-local-mail ESMTP ready");
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (verb) {
                    case "EHLO" -> reply(out, "250-baton-local-mail\r\n250 8BITMIME");
                    case "HELO", "NOOP" -> reply(out, "250 ok");
                    case "MAIL" -> {
                        recipients.clear();
                        reply(out, "250 ok");
                    }
                    case "RCPT" -> {
                        recipients.add(address(line));
                        reply(out, "250 ok");
                    }
                    case "RSET" -> {
                        recipients.clear();
                        reply(out, "250 ok");
                    }
                    case "DATA" -> {
                        reply(out, "354 end with <CRLF>.<CRLF>");
                        store(List.copyOf(recipients), readData(in));
                        recipients.clear();
                        reply(out, "250 ok: queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "502 command not implemented");
                }
            }
        } catch (IOException e) {
            // A client that hangs up mid-conversation loses only its own message; the sink goes on.
        }
    }

    private static String readData(BufferedReader in) throws IOException {
        var data = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            // RFC 5321 dot-stuffing: a leading dot was doubled by the sender.
            data.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
        }
        return data.toString();
    }

    private void store(List<String> recipients, String raw) {
        Path file = dir.resolve("%05d.eml".formatted(sequence.incrementAndGet()));
        try {
            Files.writeString(file, raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        received.add(new Mail(recipients, raw, file));
    }

    private static String address(String line) {
        int open = line.indexOf('<');
        int close = line.indexOf('>');
        return open >= 0 && close > open ? line.substring(open + 1, close) : line.substring(line.indexOf(':') + 1).trim();
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        workers.shutdownNow();
    }
}
