package io.mgmtbus.agent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mgmtbus.agent.view.Rendering;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers before a request reaches the API (a URI it cannot decode, a bad
 * header): JSON with an {@code error} message like every other error of the agent, not an HTML
 * page, whatever the caller accepts.
 */
final class JsonErrorPages extends ErrorHandler {

    JsonErrorPages() {
        setDefaultResponseMimeType("application/json");
    }

    @Override
    protected boolean generateAcceptableResponse(
            Request request,
            Response response,
            Callback callback,
            String contentType,
            List<Charset> charsets,
            int code,
            String message,
            Throwable cause)
            throws IOException {
        return super.generateAcceptableResponse(
                request, response, callback, "application/json", charsets, code, message, cause);
    }

    @Override
    protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
        writer.write(body(code, message));
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
    }

    private static String body(int code, String message) {
        String error = "HTTP " + code + (message == null ? "" : " " + message)
                + ": the agent could not read the request (its URI, headers or encoding)";
        try {
            return Rendering.JSON.writeValueAsString(Map.of("error", error, "status", code));
        } catch (JsonProcessingException e) {
            return "{\"error\": \"HTTP " + code + "\"}";
        }
    }
}
