// The floor: fetch every page, one after another, without parsing the XML. It only reads the
// KeyCount and the continuation token with indexOf, which is all a paginated listing cannot skip.
const [endpoint = '', bucket = 'bench-bucket'] = process.argv.slice(2)
const between = (text: string, name: string) => {
  const start = text.indexOf(`<${name}>`)
  return start < 0 ? undefined : text.slice(start + name.length + 2, text.indexOf(`</${name}>`, start))
}
let keys = 0
let token: string | undefined
do {
  const url = `${endpoint}/${bucket}?list-type=2${token ? `&continuation-token=${encodeURIComponent(token)}` : ''}`
  const body = await (await fetch(url)).text()
  keys += Number(between(body, 'KeyCount') ?? 0)
  token = between(body, 'NextContinuationToken')
} while (token)
process.stdout.write(`${JSON.stringify({ keys })}\n`)
