package io.mgmtbus.registry;

import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The PKCS12 key store an HTTP server of the bus (the registry, the agent) serves HTTPS with: its
 * private key and certificate chain, as {@code mgmt secrets} writes them.
 *
 * @param file the PKCS12 file
 * @param password its password
 */
public record HttpsKeystore(Path file, String password) {

    /** Names the file, not the password: a configuration gets logged. */
    @Override
    public String toString() {
        return "HttpsKeystore[" + file + "]";
    }

    /** The key store read once, so a wrong password or a missing file fails before the server starts. */
    public HttpsKeystore {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("the HTTPS key store " + file + " does not exist or is not readable");
        }
        load(file, password);
    }

    private static KeyStore load(Path file, String password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, password.toCharArray());
            return keys;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot read the HTTPS key store " + file + " (a PKCS12 file and its password): " + e.getMessage(),
                    e);
        }
    }

    /** Makes {@code config} serve HTTPS (only) on {@code host:port} with this key store. */
    public void serveOn(JavalinConfig config, String host, int port) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(file.toAbsolutePath().toString());
        tls.setKeyStorePassword(password);
        tls.setKeyStoreType("PKCS12");
        config.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(
                    server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
            connector.setHost(host);
            connector.setPort(port);
            return connector;
        });
    }

    /**
     * A client context trusting the authority that signed this key store's certificate (the last
     * of its chain): how instances that share an authority call each other.
     */
    public SSLContext peerTrust() {
        try {
            KeyStore keys = load(file, password);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            for (String alias : Collections.list(keys.aliases())) {
                Certificate[] chain = keys.getCertificateChain(alias);
                if (chain != null && chain.length > 0) {
                    trusted.setCertificateEntry(alias, chain[chain.length - 1]);
                }
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the HTTPS key store " + file + ": " + e.getMessage(), e);
        }
    }
}
