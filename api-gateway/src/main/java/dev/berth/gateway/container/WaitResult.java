package dev.berth.gateway.container;

/** The wait endpoint's answer: {"StatusCode": n, "Error": {"Message": ...}} (error null when none). */
public record WaitResult(int statusCode, String error) {}
