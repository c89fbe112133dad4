// What an SSH host-key refusal carries to the renderer (HOST_KEY_UNKNOWN / HOST_KEY_CHANGED details).
export interface HostKeyDetails {
  host: string;
  port: number;
  /** `ssh-ed25519`, `ecdsa-sha2-nistp256`, … */
  keyType: string;
  /** `SHA256:` + unpadded base64, as `ssh-keygen -l` prints it. */
  fingerprint: string;
  /** HOST_KEY_CHANGED: the fingerprint that was trusted. */
  expected?: string;
}
