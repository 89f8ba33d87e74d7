package io.dataplug.worker.testing;

import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A stand-in main class for launcher tests: holds a loopback port (as the dev cluster holds its API and S3 ports),
 * prints {@code pid <pid> port <port>}, then waits forever; or, given {@code exit N}, exits with N at once.
 */
public final class PortHolder {

    private PortHolder() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("exit")) {
            System.exit(Integer.parseInt(args[1]));
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.out.println("pid " + ProcessHandle.current().pid() + " port " + socket.getLocalPort());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
