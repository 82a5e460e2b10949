package io.mgmtbus.registry;

import java.util.Arrays;
import java.util.List;

/** An API error with Confluent's HTTP status and error code, e.g. 404/40401 subject not found. */
final class RegistryError extends RuntimeException {

    final int status;
    final int errorCode;

    RegistryError(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    static RegistryError subjectNotFound(String subject) {
        return new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryError versionNotFound(String version) {
        return new RegistryError(404, 40402, "Version " + version + " not found.");
    }

    static RegistryError schemaNotFound(String what) {
        return new RegistryError(404, 40403, "Schema " + what);
    }

    static RegistryError schemaNotFound(int id) {
        return new RegistryError(404, 40403, "Schema " + id + " not found");
    }

    static RegistryError subjectSoftDeleted(String subject) {
        return new RegistryError(
                404, 40404, "Subject '" + subject + "' was soft deleted.Set permanent=true to delete permanently");
    }

    static RegistryError subjectNotSoftDeleted(String subject) {
        return new RegistryError(
                404, 40405, "Subject '" + subject + "' was not deleted first before being permanently deleted");
    }

    static RegistryError versionSoftDeleted(String subject, int version) {
        return new RegistryError(
                404,
                40406,
                "Subject '" + subject + "' Version " + version
                        + " was soft deleted.Set permanent=true to delete permanently");
    }

    static RegistryError versionNotSoftDeleted(String subject, int version) {
        return new RegistryError(
                404,
                40407,
                "Subject '" + subject + "' Version " + version
                        + " was not deleted first before being permanently deleted");
    }

    static RegistryError referenced(String subject, int version) {
        return new RegistryError(
                422,
                42206,
                "One or more references exist to the schema {subject=" + subject + ",version=" + version + "}.");
    }

    static RegistryError invalidMode(String mode) {
        return new RegistryError(
                422,
                42204,
                "Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD."
                        + (mode != null
                                        && List.of("READONLY", "IMPORT", "FORWARD")
                                                .contains(mode)
                                ? " This registry runs READWRITE only."
                                : ""));
    }

    static RegistryError subjectModeNotFound(String subject) {
        return new RegistryError(404, 40409, "Subject '" + subject + "' does not have subject-level mode configured");
    }

    /** The request could not be passed on to the writer (Confluent's "error forwarding to the leader"). */
    static RegistryError forwardFailed(String writer, String detail) {
        return new RegistryError(
                500,
                50003,
                "Error while forwarding the request to the schema registry writer " + writer + ": " + detail);
    }

    /** No writer is known (Confluent's "unknown leader"). */
    static RegistryError noWriter(String detail) {
        return new RegistryError(500, 50004, detail);
    }

    /** An HTTP-level refusal (unknown route, method, media type, malformed body) in Confluent's JSON shape. */
    static RegistryError http(int status, String message) {
        return new RegistryError(status, status, message);
    }

    static RegistryError subjectConfigNotFound(String subject) {
        return new RegistryError(
                404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
    }

    static RegistryError invalidSchema(String detail) {
        return new RegistryError(422, 42201, detail);
    }

    static RegistryError invalidVersion(String version) {
        return new RegistryError(
                422,
                42202,
                "The specified version '" + version
                        + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryError invalidCompatibility(String level) {
        return new RegistryError(
                422,
                42203,
                (level == null
                                ? "Invalid compatibility level: the request has no \"compatibility\"."
                                : "Invalid compatibility level '" + level + "'.")
                        + " Valid values are " + Arrays.toString(CompatibilityLevel.values()));
    }

    static RegistryError incompatible(String subject, List<String> problems) {
        return new RegistryError(
                409,
                40901,
                "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                        + "\", details: " + problems);
    }
}
