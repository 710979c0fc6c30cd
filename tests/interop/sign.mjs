// Signs a credential with the independent Node implementation of eddsa-jcs-2022
// (Digital Bazaar's packages), so that kolb's own verifier can be checked
// against another implementation's signatures.
//
//   node sign.mjs [--valid-from NOW|ISO] [--seed-file KEYFILE [--keep-issuer]] FILE
//   node sign.mjs --probe     (exit 0 when every package loads)
//
// FILE is a credential; its proof, if any, is dropped, but its "created" time is
// used again. The signed credential goes to standard output.
// The key: a fresh Ed25519 key, or with --seed-file the 32-byte seed written in hex
// in KEYFILE (the form of kolb's DATA/issuer.key). issuer.id (or issuer) becomes the
// key's did:key unless --keep-issuer; the proof's verificationMethod is always the
// key's did:key#fragment. --valid-from NOW sets validFrom to new Date().toISOString()
// (with milliseconds, as JavaScript issuers write it).
// Offline: the eddsa-jcs-2022 cryptosuite needs no JSON-LD context.

import {readFile} from 'node:fs/promises';
import jsigs from 'jsonld-signatures';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {createSignCryptosuite} from
  '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

const args = process.argv.slice(2);
if(args.includes('--probe')) {
  process.exit(0);
}
function option(name, hasValue) {
  const i = args.indexOf(name);
  if(i < 0) {
    return hasValue ? null : false;
  }
  const value = hasValue ? args[i + 1] : true;
  args.splice(i, hasValue ? 2 : 1);
  return value;
}
const validFrom = option('--valid-from', true);
const seedFile = option('--seed-file', true);
const keepIssuer = option('--keep-issuer', false);
if(args.length !== 1) {
  console.error('usage: node sign.mjs [--valid-from NOW|ISO] ' +
    '[--seed-file KEYFILE [--keep-issuer]] FILE');
  process.exit(2);
}

const credential = JSON.parse(await readFile(args[0], 'utf8'));
const created = credential.proof?.created;
delete credential.proof;
if(validFrom) {
  credential.validFrom = validFrom === 'NOW' ?
    new Date().toISOString() : validFrom;
}

let seed;
if(seedFile) {
  const hex = (await readFile(seedFile, 'utf8')).trim();
  if(!/^[0-9a-fA-F]{64}$/.test(hex)) {
    console.error(`${seedFile}: not a 32-byte seed in hex`);
    process.exit(2);
  }
  seed = Uint8Array.from(Buffer.from(hex, 'hex'));
}
const keyPair = await Ed25519Multikey.generate(seed ? {seed} : {});
const did = `did:key:${keyPair.publicKeyMultibase}`;
keyPair.controller = did;
keyPair.id = `${did}#${keyPair.publicKeyMultibase}`;
if(!keepIssuer) {
  if(credential.issuer && typeof credential.issuer === 'object') {
    credential.issuer.id = did;
  } else {
    credential.issuer = did;
  }
}

const suite = new DataIntegrityProof({
  signer: keyPair.signer(),
  cryptosuite: createSignCryptosuite(),
  ...(created ? {date: created} : {})
});
// The cryptosuite never dereferences anything when signing; refuse to try.
const documentLoader = async url => {
  throw new Error(`offline: no document for ${url}`);
};
const signed = await jsigs.sign(credential, {
  suite,
  purpose: new jsigs.purposes.AssertionProofPurpose(),
  documentLoader
});
process.stdout.write(JSON.stringify(signed, null, 2) + '\n');
