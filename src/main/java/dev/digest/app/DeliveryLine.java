package dev.digest.app;

/** One delivery row of an edition, as the admin dashboard lists failures ("" for no error). */
public record DeliveryLine(String email, String status, int attempts, String lastError) {}
