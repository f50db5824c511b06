package dev.provisioning.contracts.payload;

import dev.provisioning.contracts.FieldReader;

/**
 * Who pays a billing account. Address and tax id are personal data: {@link #toString()} masks them
 * so they cannot reach a log by accident.
 *
 * @param name payer's legal name, 1 to 255 characters
 * @param address postal address, 1 to 1024 characters
 * @param taxId tax identification number, 1 to 64 characters
 */
public record Payer(String name, String address, String taxId) {
    static final int MAX_TAX_ID_LENGTH = 64;

    static Payer read(FieldReader reader) {
        Payer payer =
                new Payer(
                        reader.requiredText("name", FieldReader.MAX_NAME_LENGTH),
                        reader.requiredText("address", FieldReader.MAX_TEXT_LENGTH),
                        reader.requiredText("taxId", MAX_TAX_ID_LENGTH));
        reader.rejectUnknownFields();
        return payer;
    }

    @Override
    public String toString() {
        return "Payer[name=" + name + ", address=***, taxId=***]";
    }
}
