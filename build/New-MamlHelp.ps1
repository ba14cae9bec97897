<#
.SYNOPSIS
    Writes the module's MAML help from the cmdlet assembly's XML doc comments and the cmdlets' own metadata.
.DESCRIPTION
    Runs in a child pwsh (it imports the freshly laid-out module). Texts come from the XML doc file:
    <summary> (synopsis), <remarks> (description), <example> (code + remarks) on the cmdlet class and
    <summary> on each parameter property. Syntax, types, mandatory flags, positions and pipeline input
    come from Get-Command, so the help cannot drift from the code.
#>
param(
    [Parameter(Mandatory)] [string] $ManifestPath,
    [Parameter(Mandatory)] [string] $XmlDocPath,
    [Parameter(Mandatory)] [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Import-Module $ManifestPath -Force
$module = Get-Module IsolatedImageBuilds
[xml] $doc = Get-Content -Raw $XmlDocPath
$members = @{}
foreach ($m in $doc.doc.members.member) { $members[$m.name] = $m }

function Get-Paragraphs([System.Xml.XmlNode] $node) {
    if (-not $node) { return @() }
    $paras = @($node.SelectNodes('para') | ForEach-Object { ($_.InnerText -replace '\s+', ' ').Trim() } | Where-Object { $_ })
    if ($paras.Count -eq 0) { $text = ($node.InnerText -replace '\s+', ' ').Trim(); if ($text) { $paras = @($text) } }
    return $paras
}
function Esc([string] $s) { [System.Security.SecurityElement]::Escape($s) }
function ParaXml([string[]] $paras) { ($paras | ForEach-Object { "<maml:para>$(Esc $_)</maml:para>" }) -join '' }

$common = [System.Management.Automation.Internal.CommonParameters].GetProperties().Name + [System.Management.Automation.Internal.ShouldProcessParameters].GetProperties().Name
$sb = [System.Text.StringBuilder]::new()
[void]$sb.AppendLine('<?xml version="1.0" encoding="utf-8"?>')
[void]$sb.AppendLine('<helpItems schema="maml" xmlns="http://msh">')
foreach ($cmd in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
    $type = $cmd.ImplementingType.FullName
    $member = $members["T:$type"]
    if (-not $member) { throw "No XML documentation for $type ($($cmd.Name))." }
    $synopsis = (Get-Paragraphs $member.SelectSingleNode("summary")) -join ' '
    $description = Get-Paragraphs $member.SelectSingleNode("remarks")
    $verb, $noun = $cmd.Name -split '-', 2
    [void]$sb.AppendLine('<command:command xmlns:maml="http://schemas.microsoft.com/maml/2004/10" xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10">')
    [void]$sb.AppendLine("<command:details><command:name>$($cmd.Name)</command:name><maml:description>$(ParaXml @($synopsis))</maml:description><command:verb>$verb</command:verb><command:noun>$noun</command:noun></command:details>")
    [void]$sb.AppendLine("<maml:description>$(ParaXml $description)</maml:description>")

    $paramDocs = @{}
    foreach ($p in $cmd.Parameters.Values) {
        if ($common -contains $p.Name) { continue }
        # Parameters declared in a base class (Timeout, PollingInterval) are documented there.
        $declaring = $cmd.ImplementingType.GetProperty($p.Name).DeclaringType.FullName
        $pm = $members["P:$declaring.$($p.Name)"]
        $paramDocs[$p.Name] = (Get-Paragraphs $(if ($pm) { $pm.SelectSingleNode("summary") })) -join ' '
    }
    function ParamXml($p, $setMeta) {
        $required = if ($setMeta) { $setMeta.IsMandatory.ToString().ToLower() } else { 'false' }
        $position = if ($setMeta -and $setMeta.Position -ge 0) { $setMeta.Position } else { 'named' }
        $pipeline = if ($setMeta -and $setMeta.ValueFromPipeline) { 'True (ByValue)' } elseif ($setMeta -and $setMeta.ValueFromPipelineByPropertyName) { 'True (ByPropertyName)' } else { 'False' }
        # A switch takes no value: no parameterValue, so help shows [-Name] rather than [-Name <SwitchParameter>].
        $value = if ($p.SwitchParameter) { '' } else { "<command:parameterValue required=`"true`" variableLength=`"false`">$($p.ParameterType.Name)</command:parameterValue>" }
        "<command:parameter required=`"$required`" variableLength=`"true`" globbing=`"false`" pipelineInput=`"$pipeline`" position=`"$position`" aliases=`"$(($p.Aliases -join ', '))`"><maml:name>$($p.Name)</maml:name><maml:description>$(ParaXml @($paramDocs[$p.Name]))</maml:description>$value<dev:type><maml:name>$($p.ParameterType.FullName)</maml:name></dev:type></command:parameter>"
    }
    [void]$sb.AppendLine('<command:syntax>')
    foreach ($set in $cmd.ParameterSets) {
        [void]$sb.Append("<command:syntaxItem><maml:name>$($cmd.Name)</maml:name>")
        foreach ($sp in $set.Parameters) {
            if ($common -contains $sp.Name) { continue }
            $p = $cmd.Parameters[$sp.Name]
            $meta = $p.ParameterSets[$set.Name]; if (-not $meta) { $meta = $p.ParameterSets['__AllParameterSets'] }
            [void]$sb.Append((ParamXml $p $meta))
        }
        [void]$sb.AppendLine('</command:syntaxItem>')
    }
    [void]$sb.AppendLine('</command:syntax>')
    [void]$sb.AppendLine('<command:parameters>')
    foreach ($p in $cmd.Parameters.Values | Sort-Object Name) {
        if ($common -contains $p.Name) { continue }
        $meta = $p.ParameterSets.Values | Select-Object -First 1
        [void]$sb.AppendLine((ParamXml $p $meta))
    }
    [void]$sb.AppendLine('</command:parameters>')
    $outputs = @($cmd.OutputType | ForEach-Object { "<command:returnValue><dev:type><maml:name>$(Esc $_.Name)</maml:name></dev:type></command:returnValue>" }) -join ''
    [void]$sb.AppendLine("<command:returnValues>$outputs</command:returnValues>")
    [void]$sb.AppendLine('<command:examples>')
    $i = 0
    foreach ($ex in $member.SelectNodes('example')) {
        $i++
        $code = ($ex.SelectSingleNode("code").InnerText.Trim() -split "`r?`n" | ForEach-Object { $_.Trim() }) -join "`n"
        [void]$sb.AppendLine("<command:example><maml:title>-------------------------- Example $i --------------------------</maml:title><dev:code>$(Esc $code)</dev:code><dev:remarks>$(ParaXml (Get-Paragraphs $ex))</dev:remarks></command:example>")
    }
    [void]$sb.AppendLine('</command:examples>')
    [void]$sb.AppendLine("<command:relatedLinks><maml:navigationLink><maml:linkText>about_IsolatedImageBuilds</maml:linkText></maml:navigationLink></command:relatedLinks>")
    [void]$sb.AppendLine('</command:command>')
}
[void]$sb.AppendLine('</helpItems>')
Set-Content -Path $OutFile -Value $sb.ToString() -Encoding utf8
