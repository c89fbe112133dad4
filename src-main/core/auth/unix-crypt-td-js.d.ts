// The package ships no types: crypt(3) of a password (text or bytes) with a two-character salt.
declare module 'unix-crypt-td-js' {
  export default function unixCryptTD(password: string | number[], salt: string | number[]): string;
}
